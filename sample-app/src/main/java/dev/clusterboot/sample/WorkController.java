package dev.clusterboot.sample;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A fixed amount of CPU work per request, for the benchmarks: SHA-256 over 640 KB, about
 * a millisecond of one core.
 */
@RestController
class WorkController {

	private static final int ROUNDS = 10;

	private final byte[] block = new byte[64 * 1024];

	@GetMapping("/cpu")
	Map<String, Object> cpu() throws NoSuchAlgorithmException {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (int round = 0; round < ROUNDS; round++) {
			sha256.update(this.block);
		}
		return Map.of("sha256", HexFormat.of().formatHex(sha256.digest()), "pid", ProcessHandle.current().pid());
	}

}
