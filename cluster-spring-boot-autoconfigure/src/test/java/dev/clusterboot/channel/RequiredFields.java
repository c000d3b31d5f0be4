package dev.clusterboot.channel;

import java.lang.reflect.RecordComponent;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Which field a decoded message lacks, found by reflection over its records: the fuzz
 * tests' own check on {@link ChannelReader}, which reads each field by hand. A field not
 * marked {@link Nullable} must be there, in the message and in the records it holds.
 */
final class RequiredFields {

	private RequiredFields() {
	}

	/**
	 * The first required field that is missing.
	 * @param value a decoded message, or a record inside one
	 * @return the field's path, such as {@code request.operation}, or {@code null} when
	 * every required field is there
	 */
	static @Nullable String missing(Object value) {
		if (!value.getClass().isRecord()) {
			return null;
		}
		for (RecordComponent component : value.getClass().getRecordComponents()) {
			Object field;
			try {
				field = component.getAccessor().invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				return component.getName();
			}
			if (field == null) {
				if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
					return component.getName();
				}
				continue;
			}
			String inner = missingIn(field);
			if (inner != null) {
				return component.getName() + "." + inner;
			}
		}
		return null;
	}

	private static @Nullable String missingIn(Object field) {
		if (field instanceof Collection<?> elements) {
			int index = 0;
			for (Object element : elements) {
				if (element == null) {
					return "[" + index + "]";
				}
				String inner = missing(element);
				if (inner != null) {
					return "[" + index + "]." + inner;
				}
				index++;
			}
			return null;
		}
		return missing(field);
	}

}
