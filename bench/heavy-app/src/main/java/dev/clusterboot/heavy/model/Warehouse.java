package dev.clusterboot.heavy.model;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * One of the heavy app's forty entities.
 */
@Entity
public class Warehouse {

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String name;

	private String description;

	private BigDecimal amount;

	private Instant createdAt;

	@ManyToOne(fetch = FetchType.LAZY)
	private Stock stock;

	protected Warehouse() {
	}

	public Warehouse(String name, BigDecimal amount) {
		this.name = name;
		this.description = "the " + name + " of the warehouse table";
		this.amount = amount;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setStock(Stock value) {
		this.stock = value;
	}

	/** Its repository. */
	public interface Repository extends JpaRepository<Warehouse, Long> {

	}

}
