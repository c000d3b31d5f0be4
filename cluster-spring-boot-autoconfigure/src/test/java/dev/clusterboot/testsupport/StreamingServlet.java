package dev.clusterboot.testsupport;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A body of unknown length, as a template engine writes one: a part, flushed, then
 * another, {@code part1part2} in all.
 */
public final class StreamingServlet extends HttpServlet {

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.getWriter().write("part1");
		response.flushBuffer();
		response.getWriter().write("part2");
	}

}
