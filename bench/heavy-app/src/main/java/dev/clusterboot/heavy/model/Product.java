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
public class Product {

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String name;

	private String description;

	private BigDecimal amount;

	private Instant createdAt;

	@ManyToOne(fetch = FetchType.LAZY)
	private Supplier supplier;

	protected Product() {
	}

	public Product(String name, BigDecimal amount) {
		this.name = name;
		this.description = "the " + name + " of the product table";
		this.amount = amount;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setSupplier(Supplier value) {
		this.supplier = value;
	}

	/** Its repository. */
	public interface Repository extends JpaRepository<Product, Long> {

	}

}
