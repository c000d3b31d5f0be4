package dev.clusterboot.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What workers start from: the extracted jar and a class-data-sharing archive (JDK 17 to
 * 24) or an AOT cache (JDK 25 and later), made by Spring Boot's training run for the app
 * as it is now.
 */
public class StartupCacheProperties {

	/**
	 * Whether workers of an app started with java -jar start from a start-up cache, made
	 * once the cluster is up and again for each new jar before a reload replaces the
	 * workers.
	 */
	private boolean enabled = true;

	/**
	 * Where start-up caches are made: a directory of the user's, closed to others.
	 * Defaults to 'cluster-startup-cache-{user}' under java.io.tmpdir.
	 */
	private @Nullable Path directory;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable Path directory) {
		this.directory = directory;
	}

	/** The directory, or its default. */
	public Path directoryOrDefault() {
		return (this.directory != null) ? this.directory : Path.of(System.getProperty("java.io.tmpdir"),
				"cluster-startup-cache-" + System.getProperty("user.name"));
	}

}
