package dev.clusterboot.channel;

/**
 * A channel message that answers a query, paired with it by the query's id.
 */
public interface Answer {

	/** The id of the query it answers. */
	String id();

}
