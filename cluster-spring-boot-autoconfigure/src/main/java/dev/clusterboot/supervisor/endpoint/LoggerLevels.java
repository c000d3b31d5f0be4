package dev.clusterboot.supervisor.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.clusterboot.contract.EndpointRequest;

/**
 * The logger levels set at run time for every worker, through Actuator's {@code loggers}
 * endpoint, which the supervisor gives each worker it starts later: a reload must not
 * undo them silently. A level reset ({@code configuredLevel} left out) is forgotten, so a
 * later worker starts with the level its configuration gives.
 */
public final class LoggerLevels {

	/**
	 * Bounds what a flood of writes can make the supervisor keep, and each worker read.
	 */
	static final int MAX_LOGGERS = 256;

	/** A logger's or a group's name, as Spring Boot's logging properties can name it. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$.\\-]{1,200}");

	private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF");

	private static final String PATH = "loggers/";

	private final Map<String, String> levels = new LinkedHashMap<>();

	/**
	 * Keep the level a request for every worker sets, if it is a logger's.
	 * @param request the request
	 */
	void observe(EndpointRequest request) {
		if (!"POST".equals(request.method()) || !request.path().startsWith(PATH)) {
			return;
		}
		String name = request.path().substring(PATH.length());
		if (!NAME.matcher(name).matches()) {
			return;
		}
		String level = request.arguments().get("configuredLevel");
		if (level == null || level.isBlank()) {
			this.levels.remove(name);
			return;
		}
		level = level.toUpperCase(Locale.ROOT);
		if (LEVELS.contains(level) && (this.levels.size() < MAX_LOGGERS || this.levels.containsKey(name))) {
			this.levels.put(name, level);
		}
	}

	/** The levels set, by logger name, in the order they were first set. */
	public Map<String, String> levels() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.levels));
	}

}
