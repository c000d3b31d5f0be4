package dev.clusterboot.supervisor.port;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The binary header of the PROXY protocol, version 2 (HAProxy's specification), that the
 * supervisor's proxy sends a worker ahead of a relayed connection: the client's address
 * and port, and the address and port it connected to. Jetty and Reactor Netty read it, so
 * that the app sees the real client where it would otherwise see the proxy's loopback
 * address.
 */
final class ProxyProtocolHeader {

	private static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	/** Version 2, command PROXY. */
	private static final byte VERSION_2_PROXY = 0x21;

	private static final byte TCP_OVER_IPV4 = 0x11;

	private static final byte TCP_OVER_IPV6 = 0x21;

	private ProxyProtocolHeader() {
	}

	/**
	 * The header of one connection.
	 * @param source the client
	 * @param destination where the client connected
	 * @return the header's bytes
	 */
	static byte[] of(InetSocketAddress source, InetSocketAddress destination) {
		InetAddress from = source.getAddress();
		InetAddress to = destination.getAddress();
		boolean ipv4 = from instanceof Inet4Address && to instanceof Inet4Address;
		int addressLength = ipv4 ? 4 : 16;
		ByteBuffer header = ByteBuffer.allocate(SIGNATURE.length + 4 + 2 * addressLength + 4);
		header.put(SIGNATURE);
		header.put(VERSION_2_PROXY);
		header.put(ipv4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6);
		header.putShort((short) (2 * addressLength + 4));
		header.put(ipv4 ? from.getAddress() : ipv6(from));
		header.put(ipv4 ? to.getAddress() : ipv6(to));
		header.putShort((short) source.getPort());
		header.putShort((short) destination.getPort());
		return header.array();
	}

	/** An address in 16 bytes: an IPv4 one as IPv4-mapped ({@code ::ffff:a.b.c.d}). */
	private static byte[] ipv6(InetAddress address) {
		if (address instanceof Inet6Address) {
			return address.getAddress();
		}
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xFF;
		mapped[11] = (byte) 0xFF;
		System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
		return mapped;
	}

}
