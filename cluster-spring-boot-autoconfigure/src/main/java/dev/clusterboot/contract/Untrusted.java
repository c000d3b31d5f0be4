package dev.clusterboot.contract;

import org.jspecify.annotations.Nullable;

/**
 * A value that comes from outside (a request's argument, a message's topic) as it may be
 * written into a log line: control characters escaped, so that it cannot start a line of
 * its own, and truncated, so that it cannot make one line megabytes long.
 */
public final class Untrusted {

	/** The longest value printed whole. */
	public static final int PRINTED_LENGTH = 120;

	private Untrusted() {
	}

	/**
	 * The value, safe to print.
	 * @param value the value, possibly {@code null}
	 * @return it quoted in a log line's terms: escaped, and cut with its full length said
	 */
	public static String forLog(@Nullable Object value) {
		String text = String.valueOf(value);
		int length = text.length();
		StringBuilder printed = new StringBuilder(Math.min(length, PRINTED_LENGTH) + 32);
		for (int i = 0; i < length && i < PRINTED_LENGTH; i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				printed.append("\\n");
			}
			else if (c == '\r') {
				printed.append("\\r");
			}
			else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
					|| Character.getType(c) == Character.LINE_SEPARATOR
					|| Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
				printed.append(String.format("\\u%04x", (int) c));
			}
			else {
				printed.append(c);
			}
		}
		if (length > PRINTED_LENGTH) {
			printed.append("...(").append(length).append(" chars)");
		}
		return printed.toString();
	}

}
