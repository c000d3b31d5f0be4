package dev.clusterboot.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Prices in a file that every worker reads, standing for a database; each worker caches
 * what it read (Spring's cache abstraction), so a change must reach every worker's cache:
 * see {@link PriceController}.
 */
@Service
public class PriceBook {

	static final String CACHE = "prices";

	private final Path file;

	PriceBook(@Value("${sample.prices-file:${java.io.tmpdir}/cluster-sample-prices.properties}") Path file) {
		this.file = file;
	}

	/** The price of an item, read from the file once per worker until evicted. */
	@Cacheable(CACHE)
	public Price price(String item) {
		String value = read().getProperty(item);
		return new Price(item, (value != null) ? Integer.valueOf(value) : null, ProcessHandle.current().pid());
	}

	/** Change a price in the file, atomically for the workers that read it. */
	public synchronized void change(String item, int price) {
		Properties prices = read();
		prices.setProperty(item, Integer.toString(price));
		try {
			Path next = Files.createTempFile(this.file.toAbsolutePath().getParent(), "prices", ".tmp");
			try (Writer writer = Files.newBufferedWriter(next)) {
				prices.store(writer, null);
			}
			Files.move(next, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Properties read() {
		Properties prices = new Properties();
		if (Files.exists(this.file)) {
			try (Reader reader = Files.newBufferedReader(this.file)) {
				prices.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return prices;
	}

	/**
	 * A price as one worker read it.
	 *
	 * @param item the item
	 * @param price its price, or {@code null} when it has none
	 * @param readBy the process id of the worker that read it from the file
	 */
	public record Price(String item, Integer price, long readBy) {
	}

}
