package dev.clusterboot.actuate;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Applies the {@link RequestBodyLimit} to a reactive app's {@code cluster} endpoint.
 */
public final class ReactiveRequestBodyLimitFilter implements WebFilter, Ordered {

	private final RequestBodyLimit limit;

	public ReactiveRequestBodyLimitFilter(RequestBodyLimit limit) {
		this.limit = limit;
	}

	@Override
	public int getOrder() {
		// Before security and the rest: nothing reads a refused body.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		RequestBodyLimit.Refusal refusal = this.limit.check(request.getMethod().name(), request.getPath().value(),
				headers.getContentLength(), headers.containsHeader(HttpHeaders.TRANSFER_ENCODING));
		if (refusal == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.valueOf(refusal.status()));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		DataBuffer body = response.bufferFactory().wrap(refusal.json().getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

}
