package dev.clusterboot.supervisor.port;

import org.springframework.util.ClassUtils;

/**
 * Whether this JVM can pass a listening socket to a worker: that takes Netty's native
 * epoll transport (SCM_RIGHTS over a Unix domain socket), which the starter brings on
 * Linux x86-64.
 */
public final class DescriptorPassing {

	private DescriptorPassing() {
	}

	public static boolean isAvailable() {
		return ClassUtils.isPresent("io.netty.channel.epoll.Epoll", DescriptorPassing.class.getClassLoader())
				&& io.netty.channel.epoll.Epoll.isAvailable();
	}

}
