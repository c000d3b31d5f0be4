package dev.clusterboot.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;

import dev.clusterboot.channel.MessageStream.MalformedMessageException;
import dev.clusterboot.channel.ToSupervisor.EndpointQuery;
import dev.clusterboot.channel.ToSupervisor.EndpointResult;
import dev.clusterboot.channel.ToWorker.EndpointAnswer;
import dev.clusterboot.channel.ToWorker.EndpointCall;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;

/**
 * The lines of the Actuator requests that workers hand each other, a part of
 * {@link ChannelReader}: maps are written as arrays of objects, which the reader's
 * {@link JsonFields} checks field by field.
 */
final class EndpointCodec {

	private EndpointCodec() {
	}

	static EndpointQuery query(JsonFields fields) throws MalformedMessageException {
		return new EndpointQuery(fields.string("id"), fields.nullableInteger("instance"),
				request(fields.object("request")));
	}

	static EndpointCall call(JsonFields fields) throws MalformedMessageException {
		return new EndpointCall(fields.string("id"), request(fields.object("request")));
	}

	static EndpointResult result(JsonFields fields) throws MalformedMessageException {
		return new EndpointResult(fields.string("id"), response(fields.object("response")));
	}

	static EndpointAnswer answer(JsonFields fields) throws MalformedMessageException {
		Map<Integer, EndpointResponse> responses = new LinkedHashMap<>();
		for (JsonFields response : fields.objects("responses")) {
			responses.put(response.integer("instance"), response(response));
		}
		List<Integer> missing = new ArrayList<>();
		for (JsonFields worker : fields.objects("missing")) {
			missing.add(worker.integer("instance"));
		}
		return new EndpointAnswer(fields.string("id"), responses, missing);
	}

	private static EndpointRequest request(JsonFields fields) throws MalformedMessageException {
		Map<String, String> arguments = new LinkedHashMap<>();
		for (JsonFields argument : fields.objects("arguments")) {
			arguments.put(argument.string("name"), argument.string("value"));
		}
		return new EndpointRequest(fields.string("method"), fields.string("path"), arguments,
				fields.nullableString("accept"));
	}

	private static EndpointResponse response(JsonFields fields) throws MalformedMessageException {
		return new EndpointResponse(fields.integer("status"), fields.nullableString("contentType"),
				fields.string("body"));
	}

	static void write(JsonGenerator json, EndpointQuery message) {
		json.writeStringProperty("id", message.id());
		if (message.instance() != null) {
			json.writeNumberProperty("instance", message.instance());
		}
		else {
			json.writeNullProperty("instance");
		}
		write(json, message.request());
	}

	static void write(JsonGenerator json, EndpointCall message) {
		json.writeStringProperty("id", message.id());
		write(json, message.request());
	}

	static void write(JsonGenerator json, EndpointResult message) {
		json.writeStringProperty("id", message.id());
		json.writeName("response");
		json.writeStartObject();
		writeFields(json, message.response());
		json.writeEndObject();
	}

	static void write(JsonGenerator json, EndpointAnswer message) {
		json.writeStringProperty("id", message.id());
		json.writeArrayPropertyStart("responses");
		message.responses().forEach((instance, response) -> {
			json.writeStartObject();
			json.writeNumberProperty("instance", instance);
			writeFields(json, response);
			json.writeEndObject();
		});
		json.writeEndArray();
		json.writeArrayPropertyStart("missing");
		for (int instance : message.missing()) {
			json.writeStartObject();
			json.writeNumberProperty("instance", instance);
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private static void write(JsonGenerator json, EndpointRequest request) {
		json.writeObjectPropertyStart("request");
		json.writeStringProperty("method", request.method());
		json.writeStringProperty("path", request.path());
		json.writeArrayPropertyStart("arguments");
		request.arguments().forEach((name, value) -> {
			json.writeStartObject();
			json.writeStringProperty("name", name);
			json.writeStringProperty("value", value);
			json.writeEndObject();
		});
		json.writeEndArray();
		json.writeStringProperty("accept", request.accept());
		json.writeEndObject();
	}

	private static void writeFields(JsonGenerator json, EndpointResponse response) {
		json.writeNumberProperty("status", response.status());
		json.writeStringProperty("contentType", response.contentType());
		json.writeStringProperty("body", response.body());
	}

}
