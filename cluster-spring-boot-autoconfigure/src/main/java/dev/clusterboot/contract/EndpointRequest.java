package dev.clusterboot.contract;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An Actuator request one worker hands to others through the supervisor: what a worker's
 * own web layer would have made of an HTTP request to one of its endpoints.
 *
 * @param method {@code GET}, {@code POST} or {@code DELETE}
 * @param path the endpoint's path below the Actuator base path, such as
 * {@code loggers/com.example} or {@code threaddump}
 * @param arguments the operation's arguments by name that the path does not carry: query
 * parameters and the JSON body's fields, as text, which the endpoint converts to its
 * types
 * @param accept the client's {@code Accept} header, which picks a format where an
 * endpoint has several (a thread dump as text, say); {@code null} for the default
 */
public record EndpointRequest(String method, String path, Map<String, String> arguments, @Nullable String accept) {

	public EndpointRequest {
		arguments = Map.copyOf(arguments);
	}

}
