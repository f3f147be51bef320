package dev.platte.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Form fields as a browser sends them, in order; a name may repeat, as ticked checkboxes do. */
public final class Form {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    /** A form with the fields of {@code nameValuePairs}: name, value, name, value, … */
    public static Form of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var form = new Form();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            form.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return form;
    }

    public Form add(String name, String value) {
        fields.add(Map.entry(name, value));
        return this;
    }

    /** Replaces every value of a field with one. */
    public Form set(String name, String value) {
        fields.removeIf(field -> field.getKey().equals(name));
        return add(name, value);
    }

    /** Ticks exactly {@code values} of a group of checkboxes. */
    public Form tick(String name, List<String> values) {
        fields.removeIf(field -> field.getKey().equals(name));
        values.forEach(value -> add(name, value));
        return this;
    }

    MultiValueMap<String, String> fields() {
        var all = new LinkedMultiValueMap<String, String>();
        fields.forEach(field -> all.add(field.getKey(), field.getValue()));
        return all;
    }
}
