package dev.clusterboot.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.CacheManager;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.clusterboot.messaging.ClusterMessage;
import dev.clusterboot.messaging.ClusterMessaging;

/**
 * Cluster messaging in use: {@code PUT /prices/{item}?price=N} changes a price and
 * broadcasts {@link PriceChanged}; every worker, the one that made the change included,
 * evicts that item from its cache, so the next {@code GET /prices/{item}} reads the new
 * price whichever worker answers.
 */
@RestController
class PriceController {

	private final PriceBook prices;

	private final ClusterMessaging messaging;

	private final CacheManager caches;

	private final String instance;

	PriceController(PriceBook prices, ClusterMessaging messaging, CacheManager caches,
			@Value("${cluster.instance-id:none}") String instance) {
		this.prices = prices;
		this.messaging = messaging;
		this.caches = caches;
		this.instance = instance;
	}

	/** What the workers are told: which item changed, not its data. */
	record PriceChanged(String item) {
	}

	@GetMapping("/prices/{item}")
	Map<String, Object> price(@PathVariable String item) {
		PriceBook.Price price = this.prices.price(item);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("item", item);
		body.put("price", price.price());
		body.put("readBy", price.readBy());
		body.put("pid", ProcessHandle.current().pid());
		body.put("instance", this.instance);
		return body;
	}

	@PutMapping("/prices/{item}")
	ResponseEntity<Void> change(@PathVariable String item, @RequestParam int price) {
		this.prices.change(item, price);
		this.messaging.broadcast("prices", new PriceChanged(item));
		return ResponseEntity.noContent().build();
	}

	@EventListener
	void evict(ClusterMessage<PriceChanged> message) {
		this.caches.getCache(PriceBook.CACHE).evict(message.payload().item());
	}

}
