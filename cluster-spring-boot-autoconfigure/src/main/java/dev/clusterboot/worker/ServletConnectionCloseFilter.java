package dev.clusterboot.worker;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;

/**
 * Adds {@code Connection: close} to every response of a servlet app while the worker
 * drains; Tomcat and Jetty then close the connection after the response.
 */
public class ServletConnectionCloseFilter implements Filter, Ordered {

	private final Draining draining;

	public ServletConnectionCloseFilter(Draining draining) {
		this.draining = draining;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (this.draining.isDraining() && response instanceof HttpServletResponse http) {
			http.setHeader("Connection", "close");
		}
		chain.doFilter(request, response);
	}

	@Override
	public int getOrder() {
		// Before any filter that could commit the response.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
