package dev.platte.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A parsed response, read by XPath the way update_engine reads it. */
public final class Xml {

    private final Document document;
    private final String text;

    private Xml(Document document, String text) {
        this.document = document;
        this.text = text;
    }

    public static Xml parse(String text) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return new Xml(factory.newDocumentBuilder().parse(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), text);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + text, e);
        }
    }

    /** The string value of an XPath expression; "" when nothing matches. */
    public String value(String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public int count(String xpath) {
        try {
            return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET))
                    .getLength();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
