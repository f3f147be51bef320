package dev.platte.admin.account;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@Component
@Order(10)
class BootstrapAdminRunner implements ApplicationRunner {

    private final BootstrapAdmin bootstrapAdmin;

    BootstrapAdminRunner(BootstrapAdmin bootstrapAdmin) {
        this.bootstrapAdmin = bootstrapAdmin;
    }

    @Override
    public void run(ApplicationArguments args) {
        bootstrapAdmin.ensureAdmin();
    }
}
