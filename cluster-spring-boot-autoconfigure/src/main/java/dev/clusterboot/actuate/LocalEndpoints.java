package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.worker.EndpointHandler;

/**
 * This worker's own Actuator endpoints, as its web layer exposes them, for the requests
 * other workers hand to it: the operation is found by method and path among the exposed
 * web endpoints and the operations their access allows, invoked with the request's
 * arguments, and its result written as the web layer would write it. An endpoint that is
 * not exposed over the web, or an operation its access leaves out, is not found here
 * either.
 *
 * <p>
 * Every request answered here is for this worker alone: an endpoint that applies a write
 * to every worker ({@code loggers}) does it only here while {@link #isAnswering()}.
 */
public final class LocalEndpoints implements EndpointHandler {

	private static final String JSON = "application/vnd.spring-boot.actuator.v3+json";

	private static final ThreadLocal<Boolean> answering = new ThreadLocal<>();

	private final Supplier<Collection<ExposableWebEndpoint>> endpoints;

	private final JsonMapper json;

	/** Where this worker's endpoints are reached: what its index links to. */
	private volatile String address;

	/**
	 * Create the endpoints.
	 * @param endpoints the exposed web endpoints
	 * @param json writes results as Actuator writes them
	 * @param address where this worker's endpoints are reached, such as
	 * {@code /actuator/cluster/workers/0}
	 */
	public LocalEndpoints(Supplier<Collection<ExposableWebEndpoint>> endpoints, JsonMapper json, String address) {
		this.endpoints = endpoints;
		this.json = json;
		this.address = address;
	}

	/**
	 * Where this worker's endpoints are reached from outside, once known whole: the
	 * address Spring Boot Admin was given.
	 * @param address the absolute URL of {@code /actuator/cluster/workers/N}
	 */
	public void reachedAt(String address) {
		this.address = address;
	}

	/**
	 * Whether the current thread answers a request for this worker alone.
	 * @return {@code true} inside {@link #handle(EndpointRequest)}
	 */
	static boolean isAnswering() {
		return Boolean.TRUE.equals(answering.get());
	}

	@Override
	public EndpointResponse handle(EndpointRequest request) {
		List<String> segments = segments(request.path());
		if (segments.isEmpty()) {
			return index();
		}
		boolean pathKnown = false;
		List<MimeType> accept = accepted(request);
		WebOperation chosen = null;
		Map<String, Object> chosenVariables = null;
		for (ExposableWebEndpoint endpoint : this.endpoints.get()) {
			if (!endpoint.getRootPath().equals(segments.get(0))) {
				continue;
			}
			for (WebOperation operation : endpoint.getOperations()) {
				WebOperationRequestPredicate predicate = operation.getRequestPredicate();
				Map<String, Object> variables = match(predicate, segments);
				if (variables == null) {
					continue;
				}
				pathKnown = true;
				// Several operations may share a path and a method, told apart by
				// what they produce (the thread dump's JSON and text): the web layer
				// picks by Accept.
				if (predicate.getHttpMethod().name().equals(request.method())
						&& (chosen == null || fits(operation, accept) && !fits(chosen, accept))) {
					chosen = operation;
					chosenVariables = variables;
				}
			}
		}
		if (chosen != null && chosenVariables != null) {
			return invoke(chosen, chosenVariables, request, accept);
		}
		return pathKnown ? EndpointResponse.error(405, request.method() + " is not allowed there") : EndpointResponse
			.error(404, "No exposed endpoint of this worker at " + Untrusted.forLog(request.path()));
	}

	/** Links to this worker's exposed endpoints, as Actuator's own {@code /actuator}. */
	private EndpointResponse index() {
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("self", link(this.address));
		for (ExposableWebEndpoint endpoint : this.endpoints.get()) {
			links.put(endpoint.getEndpointId().toString(), link(this.address + "/" + endpoint.getRootPath()));
		}
		return new EndpointResponse(200, JSON, this.json.writeValueAsString(Map.of("_links", links)));
	}

	private static Map<String, Object> link(String href) {
		Map<String, Object> link = new LinkedHashMap<>();
		link.put("href", href);
		link.put("templated", false);
		return link;
	}

	private EndpointResponse invoke(WebOperation operation, Map<String, Object> variables, EndpointRequest request,
			List<MimeType> accept) {
		Map<String, Object> arguments = new HashMap<>(request.arguments());
		arguments.putAll(variables);
		List<String> acceptHeader = accept.stream().map(MimeType::toString).toList();
		// What the web layer resolves besides the request's arguments: the format asked
		// for, and the server the request came through (health's groups).
		InvocationContext context = new InvocationContext(SecurityContext.NONE, arguments,
				new ProducibleOperationArgumentResolver(() -> acceptHeader),
				OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.SERVER));
		Object result;
		answering.set(true);
		try {
			result = operation.invoke(context);
		}
		catch (InvalidEndpointRequestException ex) {
			return EndpointResponse.error(400, ex.getReason());
		}
		finally {
			answering.remove();
		}
		return write(operation, result, accept);
	}

	private EndpointResponse write(WebOperation operation, @Nullable Object result, List<MimeType> accept) {
		int status = (operation.getType() == OperationType.READ) ? 404 : 204;
		String contentType = produced(operation, accept);
		Object body = result;
		if (result instanceof WebEndpointResponse<?> response) {
			status = response.getStatus();
			MimeType type = response.getContentType();
			if (type != null) {
				contentType = type.toString();
			}
			body = response.getBody();
		}
		else if (result != null) {
			status = 200;
		}
		if (body == null) {
			return EndpointResponse.empty(status);
		}
		if (body instanceof Resource) {
			// A heap dump: hundreds of megabytes, which the channel does not carry.
			return EndpointResponse.error(501, operation.getId() + " answers with a file, which is not relayed: "
					+ "take it on the worker's host (jcmd <pid> GC.heap_dump, the pid from /actuator/cluster)");
		}
		if (body instanceof CharSequence text) {
			return new EndpointResponse(status, contentType, text.toString());
		}
		return new EndpointResponse(status, contentType.endsWith("json") ? contentType : JSON,
				this.json.writeValueAsString(body));
	}

	private static List<MimeType> accepted(EndpointRequest request) {
		return (request.accept() != null) ? MimeTypeUtils.parseMimeTypes(request.accept()) : List.of();
	}

	private static boolean isAccepted(String produced, List<MimeType> accept) {
		MimeType type = MimeType.valueOf(produced);
		return accept.stream().anyMatch(type::isCompatibleWith);
	}

	/**
	 * Whether the operation produces what the client accepts; without an Accept, whether
	 * it produces JSON, Actuator's default.
	 */
	private static boolean fits(WebOperation operation, List<MimeType> accept) {
		Collection<String> produces = operation.getRequestPredicate().getProduces();
		if (accept.isEmpty()) {
			return produces.isEmpty() || produces.stream().anyMatch((produced) -> produced.contains("json"));
		}
		return produces.stream().anyMatch((produced) -> isAccepted(produced, accept));
	}

	/**
	 * The type the web layer would answer with: the first the operation produces that the
	 * client accepts, Actuator's own JSON type by default. Spring Boot Admin reads a body
	 * typed plain {@code application/json} as an old Actuator's.
	 */
	private static String produced(WebOperation operation, List<MimeType> accept) {
		Collection<String> produces = operation.getRequestPredicate().getProduces();
		return produces.stream()
			.filter((produced) -> isAccepted(produced, accept))
			.findFirst()
			.orElse(produces.isEmpty() ? JSON : produces.iterator().next());
	}

	/**
	 * The path variables the predicate's path takes from these segments, or {@code null}
	 * when it does not match them.
	 */
	static @Nullable Map<String, Object> match(WebOperationRequestPredicate predicate, List<String> segments) {
		List<String> pattern = segments(predicate.getPath());
		Map<String, Object> variables = new HashMap<>();
		for (int i = 0; i < pattern.size(); i++) {
			String part = pattern.get(i);
			if (part.startsWith("{*") && part.endsWith("}")) {
				if (i >= segments.size()) {
					return null;
				}
				variables.put(part.substring(2, part.length() - 1),
						segments.subList(i, segments.size()).toArray(new String[0]));
				return variables;
			}
			if (i >= segments.size()) {
				return null;
			}
			if (part.startsWith("{") && part.endsWith("}")) {
				variables.put(part.substring(1, part.length() - 1), segments.get(i));
			}
			else if (!part.equals(segments.get(i))) {
				return null;
			}
		}
		return (pattern.size() == segments.size()) ? variables : null;
	}

	private static List<String> segments(String path) {
		List<String> segments = new ArrayList<>();
		Arrays.stream(path.split("/")).filter((segment) -> !segment.isEmpty()).forEach(segments::add);
		return segments;
	}

}
