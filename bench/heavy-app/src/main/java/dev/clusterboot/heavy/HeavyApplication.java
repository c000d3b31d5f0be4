package dev.clusterboot.heavy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A heavier app than the sample, to measure reloads with: JPA with Hibernate and an in-memory H2
 * database per worker, forty entities and their repositories, filled at start-up, and a Thymeleaf
 * page. It takes several seconds to start on an idle machine.
 */
@SpringBootApplication
@EnableJpaRepositories(considerNestedRepositories = true)
public class HeavyApplication {

	public static void main(String[] args) {
		SpringApplication.run(HeavyApplication.class, args);
	}

	@Controller
	static class Pages {

		private final List<JpaRepository<?, Long>> repositories;

		@Value("${cluster.instance-id:-1}")
		private int instance;

		Pages(List<JpaRepository<?, Long>> repositories) {
			this.repositories = repositories;
		}

		/** What the load tests ask for: which worker answered. */
		@GetMapping("/hello")
		@ResponseBody
		Map<String, Object> hello() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("pid", ProcessHandle.current().pid());
			body.put("instance", this.instance);
			return body;
		}

		/** A page rendered by Thymeleaf from the database. */
		@GetMapping("/")
		String index(Model model) {
			model.addAttribute("tables", this.repositories.size());
			model.addAttribute("rows", this.repositories.stream().mapToLong(JpaRepository::count).sum());
			model.addAttribute("instance", this.instance);
			return "index";
		}

	}

}
