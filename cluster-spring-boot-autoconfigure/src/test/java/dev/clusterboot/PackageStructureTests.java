package dev.clusterboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules the code's layout keeps, read from the main sources: no two packages import
 * each other, directly or around a circle; each package is {@code @NullMarked}; no file
 * is longer than 400 lines. Imports are what is read: a class named in full in the code
 * would not be seen, and the code names none.
 */
class PackageStructureTests {

	private static final Path SOURCES = Path.of("src/main/java");

	private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.clusterboot[\\w.]*);", Pattern.MULTILINE);

	private static final Pattern IMPORT = Pattern
		.compile("^import (?:static )?(dev\\.clusterboot(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

	@Test
	void noPackageImportsOneThatImportsItBackDirectlyOrAroundACircle() throws IOException {
		Map<String, Set<String>> imports = imports();
		assertThat(imports).as("the packages read").hasSizeGreaterThan(10);
		assertThat(cycles(imports)).as("import cycles between packages").isEmpty();
	}

	@Test
	void everyPackageIsNullMarked() throws IOException {
		for (String pkg : imports().keySet()) {
			Path info = SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java");
			assertThat(info).as(pkg).exists();
			assertThat(Files.readString(info)).as(pkg).contains("@NullMarked");
		}
	}

	@Test
	void noFileIsLongerThan400Lines() throws IOException {
		Map<Path, Integer> tooLong = new TreeMap<>();
		for (Path file : javaFiles()) {
			int lines = Files.readAllLines(file).size();
			if (lines > 400) {
				tooLong.put(file, lines);
			}
		}
		assertThat(tooLong).isEmpty();
	}

	/** Each package, to the other packages of ours its files import. */
	private static Map<String, Set<String>> imports() throws IOException {
		Map<String, Set<String>> imports = new TreeMap<>();
		for (Path file : javaFiles()) {
			String source = Files.readString(file);
			Matcher pkg = PACKAGE.matcher(source);
			assertThat(pkg.find()).as("the package of %s", file).isTrue();
			Set<String> targets = imports.computeIfAbsent(pkg.group(1), (name) -> new TreeSet<>());
			Matcher imported = IMPORT.matcher(source);
			while (imported.find()) {
				if (!imported.group(1).equals(pkg.group(1))) {
					targets.add(imported.group(1));
				}
			}
		}
		return imports;
	}

	private static List<Path> javaFiles() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			return files.filter((file) -> file.toString().endsWith(".java")).sorted().toList();
		}
	}

	/**
	 * The circles in the graph, each as the path that closes it, found by a depth-first
	 * walk from every package.
	 */
	static List<List<String>> cycles(Map<String, Set<String>> graph) {
		List<List<String>> cycles = new ArrayList<>();
		Set<String> done = new HashSet<>();
		for (String start : graph.keySet()) {
			walk(start, graph, new ArrayDeque<>(), done, cycles);
		}
		return cycles;
	}

	private static void walk(String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> done,
			List<List<String>> cycles) {
		if (path.contains(node)) {
			List<String> onPath = List.copyOf(path);
			List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
			cycle.add(node);
			cycles.add(cycle);
			return;
		}
		if (!done.add(node)) {
			return;
		}
		path.addLast(node);
		for (String next : graph.getOrDefault(node, Set.of())) {
			walk(next, graph, path, done, cycles);
		}
		path.removeLast();
	}

	@Test
	void theWalkFindsACircleOfThreeAndNoneInALayeredGraph() {
		assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")))).singleElement()
			.satisfies((cycle) -> assertThat(cycle).hasSize(4).startsWith(cycle.get(3)));
		assertThat(cycles(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of()))).isEmpty();
	}

}
