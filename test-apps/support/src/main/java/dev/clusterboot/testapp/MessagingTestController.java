package dev.clusterboot.testapp;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.clusterboot.messaging.ClusterMessage;
import dev.clusterboot.messaging.ClusterMessageTooLargeException;
import dev.clusterboot.messaging.ClusterMessaging;

/**
 * Sends cluster messages on request, and logs each one received, so that a test reads
 * from the supervisor's output which worker got what.
 * {@code test.block-messages-instance=N} makes worker N's listener block for ever on
 * topic {@code block}.
 */
@RestController
class MessagingTestController {

	private static final Log logger = LogFactory.getLog(MessagingTestController.class);

	private final ClusterMessaging messaging;

	private final int blockingInstance;

	private final int instance;

	MessagingTestController(ClusterMessaging messaging, @Value("${test.block-messages-instance:-1}") int blocking,
			@Value("${cluster.instance-id:-2}") int instance) {
		this.messaging = messaging;
		this.blockingInstance = blocking;
		this.instance = instance;
	}

	/** A typed payload. */
	record Note(String text) {
	}

	/**
	 * A payload that is written whatever its value, and cannot be read back when it is
	 * "break".
	 */
	static final class Fragile {

		private final String value;

		Fragile(String value) {
			this.value = value;
		}

		@JsonCreator
		static Fragile read(@JsonProperty("value") String value) {
			if ("break".equals(value)) {
				throw new IllegalArgumentException("a Fragile cannot hold 'break'");
			}
			return new Fragile(value);
		}

		public String getValue() {
			return this.value;
		}

	}

	@PostMapping("/test/broadcast")
	ResponseEntity<Object> broadcast(@RequestParam String topic, @RequestParam(defaultValue = "") String text,
			@RequestParam(defaultValue = "0") int size) {
		return sent(() -> this.messaging.broadcast(topic, new Note((size > 0) ? "x".repeat(size) : text)));
	}

	@PostMapping("/test/send")
	ResponseEntity<Object> send(@RequestParam int to, @RequestParam String topic, @RequestParam String text) {
		return sent(() -> this.messaging.send(to, topic, new Note(text)));
	}

	@PostMapping("/test/fragile")
	ResponseEntity<Object> fragile(@RequestParam String value) {
		return sent(() -> this.messaging.broadcast("fragile", new Fragile(value)));
	}

	private static ResponseEntity<Object> sent(Runnable sending) {
		try {
			sending.run();
			return ResponseEntity.accepted().build();
		}
		catch (ClusterMessageTooLargeException ex) {
			return ResponseEntity.badRequest().body(Map.of("message", ex.getMessage()));
		}
	}

	@EventListener
	void onNote(ClusterMessage<Note> message) throws InterruptedException {
		logger.info("received note topic=" + message.topic() + " text=" + message.payload().text() + " from="
				+ message.sender());
		if (message.topic().equals("block") && this.instance == this.blockingInstance) {
			logger.info("blocking in the listener");
			new CountDownLatch(1).await();
		}
	}

	@EventListener
	void onString(ClusterMessage<String> message) {
		logger.info("received string topic=" + message.topic() + " payload=" + message.payload() + " from="
				+ message.sender());
	}

	@EventListener
	void onFragile(ClusterMessage<Fragile> message) {
		logger.info("received fragile value=" + message.payload().getValue());
	}

}
