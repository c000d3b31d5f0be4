package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.List;

import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationRequest;

/**
 * PM2's scale: up starts workers on the next free indexes; down drains and stops the
 * highest.
 */
final class Scale extends ClusterOperation {

	private final int from;

	private final int to;

	Scale(Instant now, int from, int to) {
		super("scale", now, "scaling from " + from + " to " + to + " worker(s)");
		this.from = from;
		this.to = to;
	}

	@Override
	boolean isSupersededBy(OperationRequest request) {
		return request.operation() == Operation.SCALE;
	}

	@Override
	void begin(SlotTargets cluster) {
		cluster.scaleTo(this.to);
	}

	@Override
	void observe(SlotTargets cluster, Instant now) {
		List<Slot> slots = cluster.slots();
		if (this.to > this.from) {
			for (int index = this.from; index < this.to; index++) {
				if (slots.get(index).isErrored()) {
					fail("new worker " + index + " is errored; the cluster runs " + slots.size() + " slot(s)", now);
					return;
				}
			}
			long ready = slots.subList(this.from, this.to).stream().filter(Slot::isOnline).count();
			if (ready == this.to - this.from) {
				succeed("scaled from " + this.from + " to " + this.to + " worker(s)", now);
				return;
			}
			progress("scaling from " + this.from + " to " + this.to + ", " + ready + " new worker(s) ready");
		}
		else if (cluster.leaving() == 0) {
			succeed("scaled from " + this.from + " to " + this.to + " worker(s)", now);
		}
		else {
			progress("scaling from " + this.from + " to " + this.to + ", " + cluster.leaving() + " draining");
		}
	}

}
