package dev.clusterboot.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The secrets that admit workers: one per worker JVM, issued as it is started and handed
 * to it alone through its environment, revoked once it exits. A connection that presents
 * one is the JVM the supervisor started for that index, or a process of the same user
 * that read that JVM's environment (which could as well attach a debugger to it): no
 * other worker can take over a sibling's slot, and a secret of an exited JVM admits no
 * one.
 */
public final class Tickets {

	private final SecureRandom random = new SecureRandom();

	/** Issued secrets, by the index of the worker they are for. */
	private final Map<String, Integer> issued = new ConcurrentHashMap<>();

	/**
	 * A new secret for one worker JVM.
	 * @param instance the worker index it may present itself as
	 * @return the secret: 256 random bits
	 */
	public String issue(int instance) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.issued.put(secret, instance);
		return secret;
	}

	/** The JVM it was issued to is gone: it admits no one any more. */
	public void revoke(String secret) {
		this.issued.remove(secret);
	}

	/**
	 * Whether a secret was issued, and not revoked, for this index. Compared in constant
	 * time with each issued one, so that timing tells nothing about them.
	 * @param candidate what a connection presented
	 * @param instance the index it presented itself as
	 * @return whether it is admitted
	 */
	public boolean admits(@Nullable String candidate, int instance) {
		Integer issuedFor = find(candidate);
		return issuedFor != null && issuedFor == instance;
	}

	/**
	 * Whether a secret was issued, and not revoked, for any index.
	 * @param candidate what a connection presented
	 * @return whether it is admitted
	 */
	public boolean admitsAny(@Nullable String candidate) {
		return find(candidate) != null;
	}

	private @Nullable Integer find(@Nullable String candidate) {
		if (candidate == null) {
			return null;
		}
		byte[] presented = candidate.getBytes(StandardCharsets.UTF_8);
		Integer found = null;
		for (Map.Entry<String, Integer> entry : this.issued.entrySet()) {
			if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
				found = entry.getValue();
			}
		}
		return found;
	}

}
