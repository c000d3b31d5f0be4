package dev.clusterboot.testapp;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Says which worker JVM answered: its pid and its index.
 */
@RestController
class HelloController {

	@Value("${cluster.instance-id:-1}")
	private int instance;

	@GetMapping("/hello")
	Map<String, Object> hello(HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("pid", ProcessHandle.current().pid());
		body.put("instance", this.instance);
		// The client as the app sees it: behind the proxy, what the PROXY header said.
		body.put("client", request.getRemoteAddr());
		return body;
	}

}
