package dev.clusterboot.drain.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;

import dev.clusterboot.drain.Streams;

/**
 * Spring MVC's streamed responses, for the drain: every asynchronous request, through its
 * {@link DeferredResult}, and, where the handler returned one, its
 * {@link ResponseBodyEmitter} ({@code SseEmitter} included). Ending one is what the app
 * would do: {@link ResponseBodyEmitter#complete()}, which sends the headers still held
 * and the body's last chunk, so that an {@code EventSource} reconnects at once; a stream
 * of another kind (a {@code Flux} of server-sent events) that has sent something is
 * completed through its {@code DeferredResult}. A request that waits for its one answer
 * (a long poll) is left to answer: it counts as open until it does.
 */
public class MvcStreams implements Streams, DeferredResultProcessingInterceptor {

	/** Where the handler's emitter waits for {@link #preProcess}, in one request. */
	private static final String EMITTER = MvcStreams.class.getName() + ".emitter";

	private final Map<DeferredResult<?>, Stream> open = new ConcurrentHashMap<>();

	@Override
	public <T> void preProcess(NativeWebRequest request, DeferredResult<T> deferredResult) {
		ResponseBodyEmitter emitter = (ResponseBodyEmitter) request.getAttribute(EMITTER,
				RequestAttributes.SCOPE_REQUEST);
		this.open.put(deferredResult,
				new Stream(deferredResult, emitter, request.getNativeResponse(HttpServletResponse.class)));
	}

	@Override
	public <T> void afterCompletion(NativeWebRequest request, DeferredResult<T> deferredResult) {
		this.open.remove(deferredResult);
	}

	@Override
	public void end() {
		this.open.values().forEach(Stream::end);
	}

	@Override
	public int open() {
		return this.open.size();
	}

	/**
	 * Lets the streams know the emitter a handler returned: wraps Spring MVC's handler of
	 * emitters in each {@link RequestMappingHandlerAdapter}.
	 * @return the post-processor
	 */
	public static BeanPostProcessor emitterRecording() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
					List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
					for (HandlerMethodReturnValueHandler handler : adapter.getReturnValueHandlers()) {
						handlers.add((handler instanceof ResponseBodyEmitterReturnValueHandler)
								? new EmitterRecording(handler) : handler);
					}
					adapter.setReturnValueHandlers(handlers);
				}
				return bean;
			}

		};
	}

	private record EmitterRecording(
			HandlerMethodReturnValueHandler delegate) implements HandlerMethodReturnValueHandler {

		@Override
		public boolean supportsReturnType(MethodParameter returnType) {
			return this.delegate.supportsReturnType(returnType);
		}

		@Override
		public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
				ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
			Object body = (returnValue instanceof ResponseEntity<?> entity) ? entity.getBody() : returnValue;
			if (body instanceof ResponseBodyEmitter emitter) {
				webRequest.setAttribute(EMITTER, emitter, RequestAttributes.SCOPE_REQUEST);
			}
			this.delegate.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
		}

	}

	private static final class Stream {

		private final DeferredResult<?> result;

		private final @Nullable ResponseBodyEmitter emitter;

		private final @Nullable HttpServletResponse response;

		private volatile boolean ending;

		Stream(DeferredResult<?> result, @Nullable ResponseBodyEmitter emitter,
				@Nullable HttpServletResponse response) {
			this.result = result;
			this.emitter = emitter;
			this.response = response;
		}

		void end() {
			if (this.ending) {
				return;
			}
			if (this.emitter != null) {
				this.ending = true;
				this.emitter.complete();
			}
			else if (this.response != null && this.response.isCommitted()) {
				// A stream under way; the result a completed emitter sets.
				this.ending = true;
				this.result.setResult(null);
			}
		}

	}

}
