package dev.clusterboot.contract;

import org.jspecify.annotations.Nullable;

/**
 * One worker's answer to an {@link EndpointRequest}, as its web layer would have written
 * it.
 *
 * @param status the HTTP status
 * @param contentType the body's media type, {@code null} without a body
 * @param body the body, JSON or text; empty without one
 */
public record EndpointResponse(int status, @Nullable String contentType, String body) {

	/**
	 * An answer without a body.
	 * @param status the HTTP status
	 * @return the answer
	 */
	public static EndpointResponse empty(int status) {
		return new EndpointResponse(status, null, "");
	}

	/**
	 * An error, as a JSON object with its message, the form the cluster endpoint answers
	 * its own errors in.
	 * @param status the HTTP status
	 * @param message what went wrong
	 * @return the answer
	 */
	public static EndpointResponse error(int status, String message) {
		StringBuilder json = new StringBuilder(message.length() + 16).append("{\"message\":\"");
		for (char c : message.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return new EndpointResponse(status, "application/json", json.append("\"}").toString());
	}

	/** Whether the status is a success. */
	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
