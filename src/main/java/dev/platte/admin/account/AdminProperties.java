package dev.platte.admin.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bootstrap administrator.
 *
 * @param password when set, the admin's password is (re)set to it at every start; when blank, a random
 *     password is generated on first start and printed once in the log
 */
@ConfigurationProperties("platte.admin")
public record AdminProperties(@DefaultValue("admin") String username, String password) {}
