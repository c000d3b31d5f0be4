package dev.clusterboot.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;

/**
 * A start-up that takes long. {@code test.slow-beans=N} adds N beans that each take a
 * second to create: a slow start that makes progress, one Spring start-up step a second.
 * {@code test.hang-in-bean=true} adds a bean whose creation never ends: a start that
 * makes no progress. Both are read at each start, so a config file changed before a
 * reload changes them.
 */
class SlowStart implements BeanDefinitionRegistryPostProcessor {

	private final Environment environment;

	SlowStart(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		int slowBeans = this.environment.getProperty("test.slow-beans", Integer.class, 0);
		for (int i = 0; i < slowBeans; i++) {
			registry.registerBeanDefinition("slowBean" + i, new RootBeanDefinition(SlowBean.class));
		}
		if (this.environment.getProperty("test.hang-in-bean", Boolean.class, false)) {
			registry.registerBeanDefinition("hangingBean", new RootBeanDefinition(HangingBean.class));
		}
	}

	static class SlowBean {

		SlowBean() {
			// Work that takes a second: what a slow start is made of.
			LockSupport.parkNanos(1_000_000_000L);
		}

	}

	static class HangingBean {

		HangingBean() throws InterruptedException {
			new CountDownLatch(1).await();
		}

	}

}
