package dev.clusterboot.launch;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains {@code cluster.*} values that make no sense in the words a user typed them:
 * each property as it is spelled in configuration, the value as it was written and where,
 * and what it accepts. Spring Boot's own analysis of a failed validation names the Java
 * field and the converted value ({@code cluster.shutdownTimeout}, {@code PT-5S}); this
 * one runs first, for {@code cluster.*} only.
 */
class ClusterPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	private static final ConfigurationPropertyName CLUSTER = ConfigurationPropertyName.of("cluster");

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		if (!CLUSTER.equals(errors.getName())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid cluster configuration:\n");
		for (ObjectError error : errors) {
			description.append("\n    ").append(describe(error, errors));
		}
		String action = "Change the properties above (or remove them, to use their defaults), in application "
				+ "properties or YAML, on the command line, or in the environment. Every cluster.* property, its "
				+ "default and what it accepts: docs/configuration.md.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String describe(ObjectError error, ValidationErrors errors) {
		if (!(error instanceof FieldError field)) {
			return "cluster: " + error.getDefaultMessage();
		}
		ConfigurationPropertyName name = CLUSTER.append(DataObjectPropertyName.toDashedForm(field.getField()));
		ConfigurationProperty bound = errors.getBoundProperties()
			.stream()
			.filter((property) -> property.getName().equals(name))
			.findFirst()
			.orElse(null);
		String value = (bound != null) ? bound.getValue() + " (from " + bound.getOrigin() + ")"
				: field.getRejectedValue() + " (the default)";
		return name + " = " + value + ": " + field.getDefaultMessage();
	}

}
