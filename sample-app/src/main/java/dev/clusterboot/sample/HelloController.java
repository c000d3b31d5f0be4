package dev.clusterboot.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Says which worker answered: its process id and its stable index.
 */
@RestController
class HelloController {

	private static final Log logger = LogFactory.getLog(HelloController.class);

	private final String instance;

	HelloController(@Value("${cluster.instance-id:none}") String instance) {
		this.instance = instance;
	}

	@GetMapping("/hello")
	Map<String, Object> hello(HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Hello from a worker");
		body.put("pid", ProcessHandle.current().pid());
		body.put("instance", this.instance);
		body.put("client", request.getRemoteAddr());
		// At debug: POST /actuator/loggers/dev.clusterboot.sample turns it on in every
		// worker.
		logger.debug("Said hello to " + request.getRemoteAddr());
		return body;
	}

}
