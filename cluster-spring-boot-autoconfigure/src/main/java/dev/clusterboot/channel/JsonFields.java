package dev.clusterboot.channel;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import dev.clusterboot.channel.MessageStream.MalformedMessageException;
import dev.clusterboot.contract.Untrusted;

/**
 * The fields of one JSON object on the channel, read whole before a record is made of
 * them, so that their order does not matter. Each getter says whether its field is
 * required and what it must hold; a field that is missing or holds anything else makes
 * the message malformed, naming the message and the field's path. JSON's {@code null}
 * counts as missing. Fields the reader does not ask for are ignored, as Jackson's data
 * binding ignored them.
 */
final class JsonFields {

	private final Map<String, @Nullable Object> values;

	/** The message's record, for errors: {@code Hello}. */
	private final String message;

	/** Where this object is in the message, for errors: empty, or {@code request.}. */
	private final String path;

	private JsonFields(Map<String, @Nullable Object> values, String message, String path) {
		this.values = values;
		this.message = message;
		this.path = path;
	}

	/**
	 * Read one JSON value, the parser on its first token: objects as maps, arrays as
	 * lists, whole numbers as {@code Long}, others as {@code Double}. The parser's
	 * constraints bound its nesting and the lengths of its strings and numbers.
	 * @param parser the parser
	 * @param token its current token
	 * @return the value, {@code null} for JSON's null
	 * @throws MalformedMessageException on a whole number beyond a {@code long}
	 */
	static @Nullable Object read(JsonParser parser, JsonToken token) throws MalformedMessageException {
		switch (token) {
			case START_OBJECT:
				Map<String, @Nullable Object> object = new HashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					String name = parser.currentName();
					object.put(name, read(parser, parser.nextToken()));
				}
				return object;
			case START_ARRAY:
				List<@Nullable Object> array = new ArrayList<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
					array.add(read(parser, next));
				}
				return array;
			case VALUE_STRING:
				return parser.getString();
			case VALUE_NUMBER_INT:
				if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
					throw new MalformedMessageException("not a channel message: a number beyond 64 bits");
				}
				return parser.getLongValue();
			case VALUE_NUMBER_FLOAT:
				return parser.getDoubleValue();
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			case VALUE_NULL:
				return null;
			default:
				// The parser reports malformed JSON itself; this is for what it may add.
				throw new MalformedMessageException("not a channel message: unexpected " + token);
		}
	}

	/**
	 * The fields of a message's top-level object.
	 * @param value what {@link #read} returned for the line
	 * @param message the message's record, once known; until then, what the line is
	 * @return its fields
	 * @throws MalformedMessageException when the value is not an object
	 */
	static JsonFields of(@Nullable Object value, String message) throws MalformedMessageException {
		if (!(value instanceof Map)) {
			throw new MalformedMessageException("not a channel message: not a JSON object");
		}
		return new JsonFields(objectMap(value), message, "");
	}

	/** These fields, read as the given message. */
	JsonFields as(String message) {
		return new JsonFields(this.values, message, this.path);
	}

	String string(String name) throws MalformedMessageException {
		return required(name, nullableString(name));
	}

	@Nullable String nullableString(String name) throws MalformedMessageException {
		return typed(name, String.class, "a string");
	}

	int integer(String name) throws MalformedMessageException {
		return required(name, nullableInteger(name));
	}

	@Nullable Integer nullableInteger(String name) throws MalformedMessageException {
		Long value = nullableLong(name);
		if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
			throw malformed(name, "a 32-bit whole number");
		}
		return (value != null) ? value.intValue() : null;
	}

	long longNumber(String name) throws MalformedMessageException {
		return required(name, nullableLong(name));
	}

	@Nullable Long nullableLong(String name) throws MalformedMessageException {
		return typed(name, Long.class, "a whole number");
	}

	@Nullable Double nullableDouble(String name) throws MalformedMessageException {
		Object value = this.values.get(name);
		if (value instanceof Long whole) {
			return whole.doubleValue();
		}
		return typed(name, Double.class, "a number");
	}

	boolean flag(String name) throws MalformedMessageException {
		return required(name, typed(name, Boolean.class, "true or false"));
	}

	/** A flag that a message leaves out when it is false. */
	boolean flagOrFalse(String name) throws MalformedMessageException {
		return Boolean.TRUE.equals(typed(name, Boolean.class, "true or false"));
	}

	<E extends Enum<E>> E constant(String name, Class<E> type) throws MalformedMessageException {
		String value = string(name);
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException ex) {
			throw malformed(name, "one of " + List.of(type.getEnumConstants()));
		}
	}

	Instant instant(String name) throws MalformedMessageException {
		return required(name, nullableInstant(name));
	}

	@Nullable Instant nullableInstant(String name) throws MalformedMessageException {
		String value = nullableString(name);
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			throw malformed(name, "an ISO-8601 instant");
		}
	}

	JsonFields object(String name) throws MalformedMessageException {
		return required(name, nullableObject(name));
	}

	@Nullable JsonFields nullableObject(String name) throws MalformedMessageException {
		Map<?, ?> value = typed(name, Map.class, "an object");
		return (value != null) ? new JsonFields(objectMap(value), this.message, this.path + name + ".") : null;
	}

	@Nullable List<String> nullableStrings(String name) throws MalformedMessageException {
		List<?> array = typed(name, List.class, "an array");
		if (array == null) {
			return null;
		}
		List<String> strings = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			String element = name + ".[" + i + "]";
			strings.add(required(element, typed(element, array.get(i), String.class, "a string")));
		}
		return strings;
	}

	List<JsonFields> objects(String name) throws MalformedMessageException {
		return objects(name, required(name, typed(name, List.class, "an array")));
	}

	/** An array of objects that a message may leave out, when it has none. */
	List<JsonFields> objectsOrNone(String name) throws MalformedMessageException {
		List<?> array = typed(name, List.class, "an array");
		return (array != null) ? objects(name, array) : List.of();
	}

	private List<JsonFields> objects(String name, List<?> array) throws MalformedMessageException {
		List<JsonFields> objects = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			String element = name + ".[" + i + "]";
			Map<?, ?> object = required(element, typed(element, array.get(i), Map.class, "an object"));
			objects.add(new JsonFields(objectMap(object), this.message, pathOf(element) + "."));
		}
		return objects;
	}

	private <T> @Nullable T typed(String name, Class<T> type, String expected) throws MalformedMessageException {
		return typed(name, this.values.get(name), type, expected);
	}

	private <T> @Nullable T typed(String name, @Nullable Object value, Class<T> type, String expected)
			throws MalformedMessageException {
		if (value != null && !type.isInstance(value)) {
			throw malformed(name, expected);
		}
		return type.cast(value);
	}

	private <T> T required(String name, @Nullable T value) throws MalformedMessageException {
		if (value == null) {
			throw new MalformedMessageException(article(this.message) + " without its " + pathOf(name));
		}
		return value;
	}

	private MalformedMessageException malformed(String name, String expected) {
		return new MalformedMessageException(
				article(this.message) + " whose " + Untrusted.forLog(pathOf(name)) + " is not " + expected);
	}

	private String pathOf(String name) {
		return this.path + name;
	}

	/** "a Hello", "an OperationAnswer". */
	static String article(String noun) {
		return ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> objectMap(Object value) {
		return (Map<String, @Nullable Object>) value;
	}

	/** Wraps a {@link JacksonException} from the parser as a malformed message. */
	static MalformedMessageException malformedJson(JacksonException ex) {
		return new MalformedMessageException("not a channel message: " + Untrusted.forLog(ex.getOriginalMessage()));
	}

}
