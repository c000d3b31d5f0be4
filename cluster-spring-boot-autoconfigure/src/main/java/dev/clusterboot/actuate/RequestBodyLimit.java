package dev.clusterboot.actuate;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The largest request body the {@code cluster} endpoint reads. Actuator reads a JSON body
 * whole before the operation sees it, so a large one would fill the worker's heap before
 * any size check: it is refused from its headers, before a byte of it is read. A body of
 * unknown length (chunked) is refused too: the operations take a few small parameters.
 */
public final class RequestBodyLimit {

	private final Supplier<@Nullable String> endpointPath;

	private final long maxBytes;

	/**
	 * Create the limit.
	 * @param endpointPath the endpoint's path, such as {@code /actuator/cluster}, or
	 * {@code null} while it has none
	 * @param maxBytes the largest body accepted
	 */
	public RequestBodyLimit(Supplier<@Nullable String> endpointPath, long maxBytes) {
		this.endpointPath = endpointPath;
		this.maxBytes = maxBytes;
	}

	/**
	 * Check a request from its headers.
	 * @param method the HTTP method
	 * @param path the request's path
	 * @param contentLength its {@code Content-Length}, or -1 when it has none
	 * @param chunked whether it has a {@code Transfer-Encoding}
	 * @return why it is refused, or {@code null} when it may go on
	 */
	public @Nullable Refusal check(String method, String path, long contentLength, boolean chunked) {
		if ("GET".equals(method) || "HEAD".equals(method) || !isEndpoint(path)) {
			return null;
		}
		if (chunked) {
			return new Refusal(411, "Length Required",
					"The cluster endpoint reads a body only with a Content-Length, of at most " + this.maxBytes
							+ " bytes");
		}
		if (contentLength > this.maxBytes) {
			return new Refusal(413, "Content Too Large", "The body is " + contentLength
					+ " bytes; the cluster endpoint reads at most " + this.maxBytes + " (cluster.messaging.max-size)");
		}
		return null;
	}

	private boolean isEndpoint(String path) {
		String endpoint = this.endpointPath.get();
		return endpoint != null && (path.endsWith(endpoint) || path.contains(endpoint + "/"));
	}

	/**
	 * Why a request is refused.
	 *
	 * @param status the HTTP status
	 * @param error its reason phrase
	 * @param message what is wrong, and the limit
	 */
	public record Refusal(int status, String error, String message) {

		/** The response body, in the shape of Spring Boot's error responses. */
		public String json() {
			return "{\"status\":" + this.status + ",\"error\":\"" + this.error + "\",\"message\":\""
					+ this.message.replace("\"", "'") + "\"}";
		}

	}

}
