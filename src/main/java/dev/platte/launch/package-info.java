/**
 * Before Spring starts: restarts {@code java -jar platte.jar} with the JVM settings Platte ships with (plain Java,
 * no framework: it runs first in {@code main}).
 */
package dev.platte.launch;
