package dev.clusterboot.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link RequestBodyLimit} to a servlet app's {@code cluster} endpoint.
 */
public final class ServletRequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {

	private final RequestBodyLimit limit;

	public ServletRequestBodyLimitFilter(RequestBodyLimit limit) {
		this.limit = limit;
	}

	@Override
	public int getOrder() {
		// Before security and the rest: nothing reads a refused body.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestBodyLimit.Refusal refusal = this.limit.check(request.getMethod(), request.getRequestURI(),
				request.getContentLengthLong(), request.getHeader("Transfer-Encoding") != null);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(refusal.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		// The body is not read: the connection closes after the answer.
		response.setHeader("Connection", "close");
		response.getOutputStream().write(refusal.json().getBytes(StandardCharsets.UTF_8));
	}

}
