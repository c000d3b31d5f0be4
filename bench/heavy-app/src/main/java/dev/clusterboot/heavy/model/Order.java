package dev.clusterboot.heavy.model;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * One of the heavy app's forty entities.
 */
@Entity
// ORDER is a reserved word in SQL.
@Table(name = "orders")
public class Order {

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String name;

	private String description;

	private BigDecimal amount;

	private Instant createdAt;

	@ManyToOne(fetch = FetchType.LAZY)
	private Promotion promotion;

	protected Order() {
	}

	public Order(String name, BigDecimal amount) {
		this.name = name;
		this.description = "the " + name + " of the order table";
		this.amount = amount;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setPromotion(Promotion value) {
		this.promotion = value;
	}

	/** Its repository. */
	public interface Repository extends JpaRepository<Order, Long> {

	}

}
