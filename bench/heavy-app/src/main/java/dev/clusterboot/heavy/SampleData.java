package dev.clusterboot.heavy;

import java.math.BigDecimal;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.heavy.model.Customer;
import dev.clusterboot.heavy.model.Address;
import dev.clusterboot.heavy.model.Account;
import dev.clusterboot.heavy.model.Profile;
import dev.clusterboot.heavy.model.Preference;
import dev.clusterboot.heavy.model.Category;
import dev.clusterboot.heavy.model.Brand;
import dev.clusterboot.heavy.model.Supplier;
import dev.clusterboot.heavy.model.Product;
import dev.clusterboot.heavy.model.Variant;
import dev.clusterboot.heavy.model.Price;
import dev.clusterboot.heavy.model.Stock;
import dev.clusterboot.heavy.model.Warehouse;
import dev.clusterboot.heavy.model.Shelf;
import dev.clusterboot.heavy.model.Cart;
import dev.clusterboot.heavy.model.CartItem;
import dev.clusterboot.heavy.model.Wishlist;
import dev.clusterboot.heavy.model.Coupon;
import dev.clusterboot.heavy.model.Promotion;
import dev.clusterboot.heavy.model.Order;
import dev.clusterboot.heavy.model.OrderLine;
import dev.clusterboot.heavy.model.Invoice;
import dev.clusterboot.heavy.model.Payment;
import dev.clusterboot.heavy.model.Refund;
import dev.clusterboot.heavy.model.Shipment;
import dev.clusterboot.heavy.model.Carrier;
import dev.clusterboot.heavy.model.Parcel;
import dev.clusterboot.heavy.model.Review;
import dev.clusterboot.heavy.model.Rating;
import dev.clusterboot.heavy.model.Question;
import dev.clusterboot.heavy.model.Answer;
import dev.clusterboot.heavy.model.Tag;
import dev.clusterboot.heavy.model.Collection;
import dev.clusterboot.heavy.model.Banner;
import dev.clusterboot.heavy.model.Page;
import dev.clusterboot.heavy.model.Author;
import dev.clusterboot.heavy.model.Article;
import dev.clusterboot.heavy.model.Comment;
import dev.clusterboot.heavy.model.Newsletter;
import dev.clusterboot.heavy.model.Subscriber;

/**
 * Fills each worker's database at start-up, a chain of related rows across all forty tables.
 */
@Configuration(proxyBeanMethods = false)
class SampleData {

	@Bean
	ApplicationRunner sampleRows(ApplicationContext repositories) {
		return (args) -> {
			for (int i = 0; i < 10; i++) {
				saveChain(repositories, i);
			}
		};
	}

	private static void saveChain(ApplicationContext repositories, int i) {
		Customer customer = repositories.getBean(Customer.Repository.class).save(new Customer("customer " + i, BigDecimal.valueOf(i)));
		Address address = repositories.getBean(Address.Repository.class).save(new Address("address " + i, BigDecimal.valueOf(i)));
		address.setCustomer(customer);
		repositories.getBean(Address.Repository.class).save(address);
		Account account = repositories.getBean(Account.Repository.class).save(new Account("account " + i, BigDecimal.valueOf(i)));
		account.setAddress(address);
		repositories.getBean(Account.Repository.class).save(account);
		Profile profile = repositories.getBean(Profile.Repository.class).save(new Profile("profile " + i, BigDecimal.valueOf(i)));
		profile.setAccount(account);
		repositories.getBean(Profile.Repository.class).save(profile);
		Preference preference = repositories.getBean(Preference.Repository.class).save(new Preference("preference " + i, BigDecimal.valueOf(i)));
		preference.setProfile(profile);
		repositories.getBean(Preference.Repository.class).save(preference);
		Category category = repositories.getBean(Category.Repository.class).save(new Category("category " + i, BigDecimal.valueOf(i)));
		category.setPreference(preference);
		repositories.getBean(Category.Repository.class).save(category);
		Brand brand = repositories.getBean(Brand.Repository.class).save(new Brand("brand " + i, BigDecimal.valueOf(i)));
		brand.setCategory(category);
		repositories.getBean(Brand.Repository.class).save(brand);
		Supplier supplier = repositories.getBean(Supplier.Repository.class).save(new Supplier("supplier " + i, BigDecimal.valueOf(i)));
		supplier.setBrand(brand);
		repositories.getBean(Supplier.Repository.class).save(supplier);
		Product product = repositories.getBean(Product.Repository.class).save(new Product("product " + i, BigDecimal.valueOf(i)));
		product.setSupplier(supplier);
		repositories.getBean(Product.Repository.class).save(product);
		Variant variant = repositories.getBean(Variant.Repository.class).save(new Variant("variant " + i, BigDecimal.valueOf(i)));
		variant.setProduct(product);
		repositories.getBean(Variant.Repository.class).save(variant);
		Price price = repositories.getBean(Price.Repository.class).save(new Price("price " + i, BigDecimal.valueOf(i)));
		price.setVariant(variant);
		repositories.getBean(Price.Repository.class).save(price);
		Stock stock = repositories.getBean(Stock.Repository.class).save(new Stock("stock " + i, BigDecimal.valueOf(i)));
		stock.setPrice(price);
		repositories.getBean(Stock.Repository.class).save(stock);
		Warehouse warehouse = repositories.getBean(Warehouse.Repository.class).save(new Warehouse("warehouse " + i, BigDecimal.valueOf(i)));
		warehouse.setStock(stock);
		repositories.getBean(Warehouse.Repository.class).save(warehouse);
		Shelf shelf = repositories.getBean(Shelf.Repository.class).save(new Shelf("shelf " + i, BigDecimal.valueOf(i)));
		shelf.setWarehouse(warehouse);
		repositories.getBean(Shelf.Repository.class).save(shelf);
		Cart cart = repositories.getBean(Cart.Repository.class).save(new Cart("cart " + i, BigDecimal.valueOf(i)));
		cart.setShelf(shelf);
		repositories.getBean(Cart.Repository.class).save(cart);
		CartItem cartItem = repositories.getBean(CartItem.Repository.class).save(new CartItem("cartItem " + i, BigDecimal.valueOf(i)));
		cartItem.setCart(cart);
		repositories.getBean(CartItem.Repository.class).save(cartItem);
		Wishlist wishlist = repositories.getBean(Wishlist.Repository.class).save(new Wishlist("wishlist " + i, BigDecimal.valueOf(i)));
		wishlist.setCartItem(cartItem);
		repositories.getBean(Wishlist.Repository.class).save(wishlist);
		Coupon coupon = repositories.getBean(Coupon.Repository.class).save(new Coupon("coupon " + i, BigDecimal.valueOf(i)));
		coupon.setWishlist(wishlist);
		repositories.getBean(Coupon.Repository.class).save(coupon);
		Promotion promotion = repositories.getBean(Promotion.Repository.class).save(new Promotion("promotion " + i, BigDecimal.valueOf(i)));
		promotion.setCoupon(coupon);
		repositories.getBean(Promotion.Repository.class).save(promotion);
		Order order = repositories.getBean(Order.Repository.class).save(new Order("order " + i, BigDecimal.valueOf(i)));
		order.setPromotion(promotion);
		repositories.getBean(Order.Repository.class).save(order);
		OrderLine orderLine = repositories.getBean(OrderLine.Repository.class).save(new OrderLine("orderLine " + i, BigDecimal.valueOf(i)));
		orderLine.setOrder(order);
		repositories.getBean(OrderLine.Repository.class).save(orderLine);
		Invoice invoice = repositories.getBean(Invoice.Repository.class).save(new Invoice("invoice " + i, BigDecimal.valueOf(i)));
		invoice.setOrderLine(orderLine);
		repositories.getBean(Invoice.Repository.class).save(invoice);
		Payment payment = repositories.getBean(Payment.Repository.class).save(new Payment("payment " + i, BigDecimal.valueOf(i)));
		payment.setInvoice(invoice);
		repositories.getBean(Payment.Repository.class).save(payment);
		Refund refund = repositories.getBean(Refund.Repository.class).save(new Refund("refund " + i, BigDecimal.valueOf(i)));
		refund.setPayment(payment);
		repositories.getBean(Refund.Repository.class).save(refund);
		Shipment shipment = repositories.getBean(Shipment.Repository.class).save(new Shipment("shipment " + i, BigDecimal.valueOf(i)));
		shipment.setRefund(refund);
		repositories.getBean(Shipment.Repository.class).save(shipment);
		Carrier carrier = repositories.getBean(Carrier.Repository.class).save(new Carrier("carrier " + i, BigDecimal.valueOf(i)));
		carrier.setShipment(shipment);
		repositories.getBean(Carrier.Repository.class).save(carrier);
		Parcel parcel = repositories.getBean(Parcel.Repository.class).save(new Parcel("parcel " + i, BigDecimal.valueOf(i)));
		parcel.setCarrier(carrier);
		repositories.getBean(Parcel.Repository.class).save(parcel);
		Review review = repositories.getBean(Review.Repository.class).save(new Review("review " + i, BigDecimal.valueOf(i)));
		review.setParcel(parcel);
		repositories.getBean(Review.Repository.class).save(review);
		Rating rating = repositories.getBean(Rating.Repository.class).save(new Rating("rating " + i, BigDecimal.valueOf(i)));
		rating.setReview(review);
		repositories.getBean(Rating.Repository.class).save(rating);
		Question question = repositories.getBean(Question.Repository.class).save(new Question("question " + i, BigDecimal.valueOf(i)));
		question.setRating(rating);
		repositories.getBean(Question.Repository.class).save(question);
		Answer answer = repositories.getBean(Answer.Repository.class).save(new Answer("answer " + i, BigDecimal.valueOf(i)));
		answer.setQuestion(question);
		repositories.getBean(Answer.Repository.class).save(answer);
		Tag tag = repositories.getBean(Tag.Repository.class).save(new Tag("tag " + i, BigDecimal.valueOf(i)));
		tag.setAnswer(answer);
		repositories.getBean(Tag.Repository.class).save(tag);
		Collection collection = repositories.getBean(Collection.Repository.class).save(new Collection("collection " + i, BigDecimal.valueOf(i)));
		collection.setTag(tag);
		repositories.getBean(Collection.Repository.class).save(collection);
		Banner banner = repositories.getBean(Banner.Repository.class).save(new Banner("banner " + i, BigDecimal.valueOf(i)));
		banner.setCollection(collection);
		repositories.getBean(Banner.Repository.class).save(banner);
		Page page = repositories.getBean(Page.Repository.class).save(new Page("page " + i, BigDecimal.valueOf(i)));
		page.setBanner(banner);
		repositories.getBean(Page.Repository.class).save(page);
		Author author = repositories.getBean(Author.Repository.class).save(new Author("author " + i, BigDecimal.valueOf(i)));
		author.setPage(page);
		repositories.getBean(Author.Repository.class).save(author);
		Article article = repositories.getBean(Article.Repository.class).save(new Article("article " + i, BigDecimal.valueOf(i)));
		article.setAuthor(author);
		repositories.getBean(Article.Repository.class).save(article);
		Comment comment = repositories.getBean(Comment.Repository.class).save(new Comment("comment " + i, BigDecimal.valueOf(i)));
		comment.setArticle(article);
		repositories.getBean(Comment.Repository.class).save(comment);
		Newsletter newsletter = repositories.getBean(Newsletter.Repository.class).save(new Newsletter("newsletter " + i, BigDecimal.valueOf(i)));
		newsletter.setComment(comment);
		repositories.getBean(Newsletter.Repository.class).save(newsletter);
		Subscriber subscriber = repositories.getBean(Subscriber.Repository.class).save(new Subscriber("subscriber " + i, BigDecimal.valueOf(i)));
		subscriber.setNewsletter(newsletter);
		repositories.getBean(Subscriber.Repository.class).save(subscriber);
	}

}
