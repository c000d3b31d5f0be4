package dev.clusterboot.drain.servlet;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.core.Ordered;

import dev.clusterboot.drain.DrainState;

/**
 * Counts a servlet app's requests in flight for the drain, an asynchronous one until its
 * response is complete. It adds no header: Tomcat stops keeping connections alive once
 * its listener is closed, and the Jetty worker's connector says {@code Connection: close}
 * itself, both with the response framed; a {@code Connection: close} set by the app would
 * make them end a body of unknown length by closing the connection, which no client can
 * tell from a body cut short.
 */
public class RequestActivityFilter implements Filter, Ordered {

	private final DrainState state;

	public RequestActivityFilter(DrainState state) {
		this.state = state;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		this.state.requestBegan();
		boolean async = false;
		try {
			chain.doFilter(request, response);
			async = request.isAsyncStarted();
		}
		finally {
			if (async) {
				// Still inside the dispatch that started it: the asynchronous request
				// cannot have completed yet, so the listener sees its end.
				request.getAsyncContext().addListener(new EndOnCompletion(this.state));
			}
			else {
				this.state.requestEnded();
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private record EndOnCompletion(DrainState state) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.state.requestEnded();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Started again on a later dispatch, which drops the listeners: the same
			// request, so the same listener, to hear its one end.
			event.getAsyncContext().addListener(this);
		}

	}

}
