package dev.clusterboot.testapp.webflux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain WebFlux app, as a new user writes one: {@code spring-boot-starter-webflux}, the
 * starter, one controller returning a {@link Mono}. No servlet API on its class path.
 */
@SpringBootApplication
@RestController
public class WebFluxTestApplication {

	@Value("${cluster.instance-id:-1}")
	private int instance;

	public static void main(String[] args) {
		SpringApplication.run(WebFluxTestApplication.class, args);
	}

	@GetMapping("/hello")
	Mono<Map<String, Object>> hello(ServerHttpRequest request) {
		return Mono.fromSupplier(() -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("pid", ProcessHandle.current().pid());
			body.put("instance", this.instance);
			// The client as the app sees it: behind the proxy, what the PROXY header
			// said.
			InetSocketAddress client = request.getRemoteAddress();
			body.put("client", (client != null) ? client.getAddress().getHostAddress() : null);
			return body;
		});
	}

	/**
	 * After {@code ms} milliseconds (150 by default), the pid and the index, in two parts
	 * written apart: a body of no length known ahead, as slow as a real app's pages under
	 * load.
	 */
	@GetMapping(path = "/slow", produces = "text/plain")
	Flux<String> slow(@RequestParam(defaultValue = "150") long ms) {
		return Flux.just("{\"pid\":" + ProcessHandle.current().pid() + ",", "\"instance\":" + this.instance + "}")
			.delaySequence(Duration.ofMillis(ms))
			.delayElements(Duration.ofMillis(1));
	}

}
