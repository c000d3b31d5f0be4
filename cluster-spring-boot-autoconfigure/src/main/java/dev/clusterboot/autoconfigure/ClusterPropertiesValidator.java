package dev.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * What {@code cluster.*} accepts. A value that makes no sense, a negative timeout, a
 * count below one, stops start-up with Spring Boot's report of the property, its value,
 * where it was set, and what it accepts, before any worker is started.
 */
public final class ClusterPropertiesValidator implements Validator {

	/** {@code {port:N}}: N plus the worker JVM's number. */
	private static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\{port:(\\d{1,9})\\}");

	@Override
	public boolean supports(Class<?> type) {
		return ClusterProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClusterProperties properties = (ClusterProperties) target;
		positive(errors, "listenTimeout", properties.getListenTimeout());
		positive(errors, "startTimeout", properties.getStartTimeout());
		positive(errors, "shutdownTimeout", properties.getShutdownTimeout());
		shorterThanShutdown(errors, "drainPeriod", properties.getDrainPeriod(), properties.getShutdownTimeout());
		if (properties.getDrainTimeout() != null) {
			shorterThanShutdown(errors, "drainTimeout", properties.getDrainTimeout(), properties.getShutdownTimeout());
		}
		notNegative(errors, "minUptime", properties.getMinUptime());
		atLeast(errors, "maxRestarts", properties.getMaxRestarts(), 0);
		atLeast(errors, "startAttempts", properties.getStartAttempts(), 1);
		atLeast(errors, "maxInstances", properties.getMaxInstances(), 1);
		if (properties.getMaxKeepAliveRequests() < 1 && properties.getMaxKeepAliveRequests() != -1) {
			errors.rejectValue("maxKeepAliveRequests", "outOfRange",
					"must be at least 1, or -1 for no limit (connections then stay with the worker that accepted them)");
		}
		positive(errors, "memoryCheckInterval", properties.getMemoryCheckInterval());
		if (properties.getMaxMemoryRestart() != null && properties.getMaxMemoryRestart().toBytes() <= 0) {
			errors.rejectValue("maxMemoryRestart", "notPositive", "must be a positive size, such as 512MB");
		}
		positive(errors, "scrapeTimeout", properties.getScrapeTimeout());
		positive(errors, "heartbeatInterval", properties.getHeartbeatInterval());
		notNegative(errors, "slowStart", properties.getSlowStart());
		positive(errors, "heartbeatTimeout", properties.getHeartbeatTimeout());
		if (properties.getHeartbeatInterval() != null && properties.getHeartbeatTimeout() != null
				&& properties.getHeartbeatTimeout().compareTo(properties.getHeartbeatInterval().multipliedBy(2)) < 0) {
			errors.rejectValue("heartbeatTimeout", "tooShort",
					"must be at least twice cluster.heartbeat-interval, or a late heartbeat replaces a healthy worker");
		}
		RestartBackoffProperties backoff = properties.getRestartBackoff();
		notNegative(errors, "restartBackoff.initialDelay", backoff.getInitialDelay());
		if (backoff.getMaxDelay() != null && backoff.getInitialDelay() != null
				&& backoff.getMaxDelay().compareTo(backoff.getInitialDelay()) < 0) {
			errors.rejectValue("restartBackoff.maxDelay", "belowInitial",
					"must be at least cluster.restart-backoff.initial-delay");
		}
		if (!(backoff.getMultiplier() >= 1)) {
			errors.rejectValue("restartBackoff.multiplier", "belowOne",
					"must be at least 1: the delay grows, or stays, after each unstable restart");
		}
		double threshold = properties.getHealth().getReadyThreshold();
		if (!(threshold >= 0 && threshold <= 1)) {
			errors.rejectValue("health.readyThreshold", "outOfRange", "must be a fraction from 0 to 1, such as 0.5");
		}
		if (properties.getMessaging().getMaxSize() == null || properties.getMessaging().getMaxSize().toBytes() <= 0) {
			errors.rejectValue("messaging.maxSize", "notPositive", "must be a positive size, such as 64KB");
		}
		atLeast(errors, "messaging.queueCapacity", properties.getMessaging().getQueueCapacity(), 1);
		ReloadProperties reload = properties.getReload();
		atLeast(errors, "reload.maxSurge", reload.getMaxSurge(), 0);
		atLeast(errors, "reload.maxUnavailable", reload.getMaxUnavailable(), 0);
		if (reload.getMaxSurge() == 0 && reload.getMaxUnavailable() == 0) {
			errors.rejectValue("reload.maxSurge", "noProgress",
					"must be at least 1 when cluster.reload.max-unavailable is 0: a reload could replace nothing");
		}
		for (String argument : properties.getWorkerJvmArguments()) {
			if (!argument.startsWith("-")) {
				errors.rejectValue("workerJvmArguments", "notAnOption",
						"must hold JVM options only, each starting with '-', such as -Dexporter.port={port:9400}");
				break;
			}
			Matcher port = PORT_PLACEHOLDER.matcher(argument);
			while (port.find()) {
				long base = Long.parseLong(port.group(1));
				if (base < 1 || base > 65535 - properties.getMaxInstances() * 2) {
					errors.rejectValue("workerJvmArguments", "notAPort",
							"{port:N} needs N from 1 to " + (65535 - properties.getMaxInstances() * 2)
									+ ", so that N plus a worker's number is a port");
					return;
				}
			}
		}
	}

	/** Zero or more, and shorter than cluster.shutdown-timeout, which ends every stop. */
	private static void shorterThanShutdown(Errors errors, String field, @Nullable Duration value,
			@Nullable Duration shutdownTimeout) {
		notNegative(errors, field, value);
		if (value != null && shutdownTimeout != null && !shutdownTimeout.isNegative()
				&& value.compareTo(shutdownTimeout) >= 0) {
			errors.rejectValue(field, "tooLong",
					"must be shorter than cluster.shutdown-timeout, which ends every stop");
		}
	}

	private static void positive(Errors errors, String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "notPositive", "must be a positive duration, such as 30s");
		}
	}

	private static void notNegative(Errors errors, String field, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			errors.rejectValue(field, "negative", "must be zero or a positive duration, such as 1s");
		}
	}

	private static void atLeast(Errors errors, String field, int value, int minimum) {
		if (value < minimum) {
			errors.rejectValue(field, "tooSmall", "must be at least " + minimum);
		}
	}

}
