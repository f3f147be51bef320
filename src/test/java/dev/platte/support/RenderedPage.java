package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** A page as the browser would read it: inputs by name, the error shown with them, elements by id. */
public final class RenderedPage {

    private static final String FIELDS = "input, select, textarea";

    private final String html;
    private final Document document;

    private RenderedPage(String html) {
        this.html = html;
        this.document = Jsoup.parse(html);
    }

    public static RenderedPage of(String html) {
        return new RenderedPage(html);
    }

    public static RenderedPage of(MvcTestResult result) {
        try {
            return of(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTML as it was served. */
    public String html() {
        return html;
    }

    /** The value an input, textarea or (selected option of a) select shows; null for a select with none selected. */
    public @Nullable String value(String name) {
        var field = field(name);
        return switch (field.tagName()) {
            case "textarea" -> field.wholeText().strip();
            case "select" -> {
                var selected = field.selectFirst("option[selected]");
                yield selected == null ? null : selected.attr("value");
            }
            default -> field.attr("value");
        };
    }

    /** Whether the checkbox or radio button {@code name}={@code value} is ticked. */
    public boolean checked(String name, String value) {
        var box = document.select(FIELDS).stream()
                .filter(field -> field.attr("name").equals(name) && field.attr("value").equals(value))
                .findFirst();
        assertThat(box).as("a checkbox " + name + "=" + value).isPresent();
        return box.get().hasAttr("checked");
    }

    /** The message of the field error shown after the input and before the next visible one; null if none. */
    public @Nullable String fieldError(String name) {
        var all = document.getAllElements();
        for (int i = all.indexOf(field(name)) + 1; i < all.size(); i++) {
            var element = all.get(i);
            if (element.is(FIELDS) && !element.attr("type").equals("hidden")) {
                return null;
            }
            if (element.is("span.field-error")) {
                return element.text();
            }
        }
        return null;
    }

    /** The text inside the element with this id, whitespace collapsed. */
    public String text(String id) {
        return byId(id).text();
    }

    /** The text inside the first element the CSS selector matches, whitespace collapsed. */
    public String textOf(String cssSelector) {
        var element = document.selectFirst(cssSelector);
        assertThat(element).as("an element matching " + cssSelector).isNotNull();
        return element.text();
    }

    /** The option values of the select with this id. */
    public List<String> options(String id) {
        return byId(id).select("option").eachAttr("value");
    }

    /** Whether an element matches the CSS selector. */
    public boolean has(String cssSelector) {
        return document.selectFirst(cssSelector) != null;
    }

    private Element byId(String id) {
        var element = document.getElementById(id);
        assertThat(element).as("an element with id " + id).isNotNull();
        return element;
    }

    private Element field(String name) {
        var field = document.select(FIELDS).stream().filter(element -> element.attr("name").equals(name)).findFirst();
        assertThat(field).as("an input named " + name).isPresent();
        return field.get();
    }
}
