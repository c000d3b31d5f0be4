package dev.clusterboot.testapp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
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

	/**
	 * After {@code ms} milliseconds (150 by default), the pid and the index, in two parts
	 * with a flush between: an app whose responses take as long as a real app's pages
	 * under load, and whose bodies have no length known ahead, as a template engine's do,
	 * for the drain's race between a response and the next request on a kept-alive
	 * connection.
	 */
	@GetMapping("/slow")
	void slow(HttpServletResponse response, @RequestParam(defaultValue = "150") long ms)
			throws IOException, InterruptedException {
		Thread.sleep(ms);
		response.setContentType("application/json");
		response.getWriter().write("{\"pid\":" + ProcessHandle.current().pid() + ",");
		response.flushBuffer();
		response.getWriter().write("\"instance\":" + this.instance + "}");
	}

}
