package dev.clusterboot.fuzz;

import java.util.List;
import java.util.Random;

/**
 * A small mutation fuzzer for the inputs that come from outside: it takes a valid input
 * and flips, drops, repeats or inserts bytes and tokens. Reproducible: the seed is fixed
 * unless {@code -Dfuzz.seed} is given, and the number of inputs comes from
 * {@code -Dfuzz.iterations} ({@code bench/fuzz.sh} runs millions).
 */
public final class Fuzz {

	private Fuzz() {
	}

	/** The seed of this run: {@code -Dfuzz.seed}, or a fixed one. */
	public static long seed() {
		return Long.getLong("fuzz.seed", 20261125L);
	}

	/** How many inputs to try: {@code -Dfuzz.iterations}, or the given default. */
	public static long iterations(long byDefault) {
		return Long.getLong("fuzz.iterations", byDefault);
	}

	/**
	 * One to four mutations of a valid input.
	 * @param input the input
	 * @param tokens fragments worth inserting, such as JSON punctuation
	 * @param random the source of choices
	 * @return the mutated input
	 */
	public static String mutate(String input, List<String> tokens, Random random) {
		StringBuilder text = new StringBuilder(input);
		int mutations = 1 + random.nextInt(4);
		for (int m = 0; m < mutations; m++) {
			int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
			switch (random.nextInt(7)) {
				case 0 -> {
					if (at < text.length()) {
						text.setCharAt(at, (char) (text.charAt(at) ^ (1 << random.nextInt(7))));
					}
				}
				case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
				case 2 -> text.insert(at, tokens.get(random.nextInt(tokens.size())));
				case 3 -> text.insert(at, (char) random.nextInt(0x80));
				case 4 -> text.setLength(at);
				case 5 -> {
					int end = Math.min(text.length(), at + random.nextInt(16));
					text.insert(at, text.substring(at, end));
				}
				default -> text.insert(at, (char) (0x80 + random.nextInt(0xFF80)));
			}
		}
		return text.toString();
	}

	/** One line for the log: what was tried and how much of it was accepted. */
	public static void report(String what, long tried, long accepted) {
		System.out.println("fuzz: " + tried + " " + what + " tried (seed " + seed() + "), " + accepted
				+ " accepted as valid, every other one refused cleanly");
	}

}
