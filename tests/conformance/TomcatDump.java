/*
 * Conformance oracle for igmigrate: parse a CATALINA_BASE's conf/server.xml with Tomcat's own
 * Digester rules (Catalina.createStartDigester), exactly as Catalina.parseServerXml does, and print
 * what Tomcat makes of every Connector as JSON lines. Nothing is initialised or started: no port is
 * bound, no file other than conf/server.xml and conf/catalina.properties is read.
 *
 * Compiled at test time by tests/test_conformance.py against the Debian tomcat10 jars:
 *   javac -cp '/usr/share/tomcat10/lib/*:/usr/share/tomcat10/bin/tomcat-juli.jar' TomcatDump.java
 *   java  -cp '<out>:/usr/share/tomcat10/lib/*:/usr/share/tomcat10/bin/tomcat-juli.jar' \
 *         TomcatDump [--stub-missing-classes] CATALINA_BASE
 *
 * Output (stdout, one JSON object per line):
 *   {"kind":"server","port":..,"port_offset":..,"port_with_offset":..}
 *   {"kind":"connector","service":..,"port":..,"port_with_offset":..,"protocol_class":..,
 *    "address":..,"ssl_enabled":..,"scheme":..,"secure":..,"executor":..,"ssl_host_configs":[..]}
 *     (one per Connector, Service order then file order)
 *   {"kind":"stub","class":..,"element":..,"stand_in":..}   (only with --stub-missing-classes)
 * Tomcat's own log messages (Digester warnings etc.) go to stderr.
 *
 * Exit codes: 0 parsed; 1 usage or I/O error; 2 server.xml is not well-formed XML (the SAX parser
 * rejected it); 3 a Digester rule failed (e.g. a className that cannot be loaded) -- Tomcat would
 * refuse to start ("catalina.configFail") in both cases 2 and 3.
 *
 * --stub-missing-classes: a className that is not on the classpath (a vendor Listener/Valve/Realm
 * shipped in the real deployment's lib/, a class removed from Tomcat 10.1) is replaced by an inert
 * stand-in of the right kind instead of aborting the parse, and reported as a "stub" line. A vendor
 * Connector protocol class (e.g. org.dogtagpki.tomcat.Http11NioProtocol) that cannot be loaded gets
 * a generated subclass of Http11NioProtocol (AjpNioProtocol if its simple name contains "Ajp") with
 * that exact name, compiled into a temporary directory that heads the class path of an isolated
 * class loader (as Tomcat's Bootstrap runs Catalina in its common loader), so protocol_class still
 * reads as written. Without stubs Tomcat 10.1 logs the missing protocol class and keeps a Connector
 * without a protocol handler (port -1), or fails outright if sslImplementationName is also set.
 */

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.SAXParserFactory;
import org.apache.catalina.Executor;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Catalina;
import org.apache.catalina.startup.CatalinaBaseConfigurationSource;
import org.apache.catalina.startup.CatalinaProperties;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.digester.Digester;
import org.apache.tomcat.util.file.ConfigFileLoader;
import org.apache.tomcat.util.file.ConfigurationSource;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

public class TomcatDump extends Catalina {

    /** Inert stand-in for a missing Listener (and any element kind without a better match). */
    public static class StubListener implements LifecycleListener {
        @Override
        public void lifecycleEvent(LifecycleEvent event) {}
    }

    /** Inert stand-in for a missing Valve: passes every request on. */
    public static class StubValve extends ValveBase {
        public StubValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response)
                throws IOException, jakarta.servlet.ServletException {
            getNext().invoke(request, response);
        }
    }

    private static final Map<String, String> STAND_INS = new HashMap<>();

    static {
        STAND_INS.put("Listener", StubListener.class.getName());
        STAND_INS.put("Valve", StubValve.class.getName());
        STAND_INS.put("Realm", "org.apache.catalina.realm.NullRealm");
        STAND_INS.put("CredentialHandler", "org.apache.catalina.realm.MessageDigestCredentialHandler");
        STAND_INS.put("Manager", "org.apache.catalina.session.StandardManager");
        STAND_INS.put("Cluster", "org.apache.catalina.ha.tcp.SimpleTcpCluster");
        STAND_INS.put("Resources", "org.apache.catalina.webresources.StandardRoot");
        STAND_INS.put("Loader", "org.apache.catalina.loader.WebappLoader");
        STAND_INS.put("JarScanner", "org.apache.tomcat.util.scan.StandardJarScanner");
        STAND_INS.put("CookieProcessor", "org.apache.tomcat.util.http.Rfc6265CookieProcessor");
    }

    /** Class loader for the Digester that substitutes stand-ins for classes it cannot find. */
    static final class StubbingClassLoader extends ClassLoader {
        private final Map<String, String> elementOfClass;
        final List<String> stubLines = new ArrayList<>();

        StubbingClassLoader(ClassLoader parent, Map<String, String> elementOfClass) {
            super(parent);
            this.elementOfClass = elementOfClass;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            try {
                return super.loadClass(name, resolve);
            } catch (ClassNotFoundException e) {
                String element = elementOfClass.get(name);
                String standIn = STAND_INS.getOrDefault(element, StubListener.class.getName());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("kind", "stub");
                line.put("class", name);
                line.put("element", element);
                line.put("stand_in", standIn);
                stubLines.add(json(line));
                return super.loadClass(standIn, resolve);
            }
        }
    }

    /**
     * Maps every className attribute value to the element it appears on, and every Connector
     * protocol class name to "Connector@protocol" (plain JDK SAX, no Tomcat rules).
     */
    static Map<String, String> scanClassNames(File serverXml) {
        Map<String, String> result = new HashMap<>();
        try {
            SAXParserFactory.newInstance()
                    .newSAXParser()
                    .parse(
                            serverXml,
                            new DefaultHandler() {
                                @Override
                                public void startElement(
                                        String uri, String local, String qName, Attributes atts) {
                                    String cn = atts.getValue("className");
                                    if (cn != null) {
                                        result.putIfAbsent(cn.trim(), qName);
                                    }
                                    String protocol = atts.getValue("protocol");
                                    if ("Connector".equals(qName) && protocol != null) {
                                        result.putIfAbsent(protocol, "Connector@protocol");
                                    }
                                }
                            });
        } catch (Exception e) {
            // The real parse below reports the error.
        }
        return result;
    }

    private int run(File base, boolean stubMissing) throws Exception {
        File serverXml = new File(base, "conf/server.xml");
        // As Catalina.parseServerXml: configuration source rooted at catalina.base.
        ConfigFileLoader.setSource(new CatalinaBaseConfigurationSource(base, getConfigFile()));
        Digester digester = createStartDigester();
        StubbingClassLoader stubs = null;
        if (stubMissing) {
            stubs =
                    new StubbingClassLoader(
                            TomcatDump.class.getClassLoader(), scanClassNames(serverXml));
            digester.setClassLoader(stubs);
        }
        try (ConfigurationSource.Resource resource = ConfigFileLoader.getSource().getServerXml()) {
            InputStream inputStream = resource.getInputStream();
            InputSource inputSource = new InputSource(resource.getURI().toURL().toString());
            inputSource.setByteStream(inputStream);
            digester.push(this);
            digester.parse(inputSource);
        } catch (SAXParseException e) {
            if (e.getException() == null) {
                System.err.println(
                        "TomcatDump: not well-formed XML at line "
                                + e.getLineNumber()
                                + ", column "
                                + e.getColumnNumber()
                                + ": "
                                + e.getMessage());
                return 2;
            }
            System.err.println("TomcatDump: Digester rule failed: " + rootCause(e));
            return 3;
        } catch (SAXException e) {
            System.err.println("TomcatDump: Digester rule failed: " + rootCause(e));
            return 3;
        }
        if (stubs != null) {
            for (String line : stubs.stubLines) {
                System.out.println(line);
            }
        }
        Server srv = getServer();
        if (srv == null) {
            System.err.println("TomcatDump: no <Server> was created");
            return 3;
        }
        Map<String, Object> sl = new LinkedHashMap<>();
        sl.put("kind", "server");
        sl.put("port", srv.getPort());
        sl.put("port_offset", srv.getPortOffset());
        sl.put("port_with_offset", srv.getPortWithOffset());
        System.out.println(json(sl));
        for (Service service : srv.findServices()) {
            for (Connector c : service.findConnectors()) {
                System.out.println(json(connector(service, c)));
            }
        }
        return 0;
    }

    private static Map<String, Object> connector(Service service, Connector c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "connector");
        m.put("service", service.getName());
        m.put("port", c.getPort());
        m.put("port_with_offset", c.getPortWithOffset());
        m.put("protocol_class", c.getProtocolHandlerClassName());
        ProtocolHandler handler = c.getProtocolHandler();
        m.put("protocol_handler_loaded", handler != null);
        Object address = c.getProperty("address");
        m.put(
                "address",
                address instanceof InetAddress
                        ? ((InetAddress) address).getHostAddress()
                        : address == null ? null : address.toString());
        Object ssl = c.getProperty("SSLEnabled");
        m.put("ssl_enabled", ssl instanceof Boolean ? ssl : null);
        m.put("scheme", c.getScheme());
        m.put("secure", c.getSecure());
        m.put("redirect_port", c.getRedirectPort());
        Object executor = handler == null ? null : handler.getExecutor();
        m.put("executor", executor instanceof Executor ? ((Executor) executor).getName() : null);
        List<Object> hostConfigs = new ArrayList<>();
        if (handler != null) {
            for (SSLHostConfig h : c.findSslHostConfigs()) {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("hostName", h.getHostName());
                hm.put("protocols", new java.util.TreeSet<>(h.getProtocols()));
                hm.put("certificateVerification", h.getCertificateVerificationAsString());
                hm.put("truststoreFile", h.getTruststoreFile());
                hm.put("truststoreType", h.getTruststoreType());
                List<Object> certs = new ArrayList<>();
                for (SSLHostConfigCertificate cert : h.getCertificates(false)) {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("type", cert.getType().toString());
                    cm.put("certificateKeystoreFile", cert.getCertificateKeystoreFile());
                    cm.put("certificateKeystoreType", cert.getCertificateKeystoreType());
                    cm.put("certificateKeyAlias", cert.getCertificateKeyAlias());
                    cm.put("certificateFile", cert.getCertificateFile());
                    cm.put("certificateKeyFile", cert.getCertificateKeyFile());
                    cm.put("certificateChainFile", cert.getCertificateChainFile());
                    certs.add(cm);
                }
                hm.put("certificates", certs);
                hostConfigs.add(hm);
            }
        }
        m.put("ssl_host_configs", hostConfigs);
        return m;
    }

    private static String rootCause(Throwable t) {
        Throwable cur = t;
        while (true) {
            Throwable next =
                    cur instanceof SAXException && ((SAXException) cur).getException() != null
                            ? ((SAXException) cur).getException()
                            : cur.getCause();
            if (next == null || next == cur) {
                return cur.toString();
            }
            cur = next;
        }
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(json(String.valueOf(e.getKey()))).append(": ").append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Collection) {
            StringBuilder sb = new StringBuilder("[");
            boolean first = true;
            for (Object o : (Collection<?>) v) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(json(o));
            }
            return sb.append(']').toString();
        }
        String s = v.toString();
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }

    /** Entry point inside the isolated class loader (see runIsolated). */
    public static int runInThisLoader(String base) throws Exception {
        return new TomcatDump().run(new File(base), true);
    }

    /**
     * Re-loads this class and the Tomcat jars in a fresh URLClassLoader whose class path starts with
     * stubDir, so that Class.forName(protocol) inside Tomcat finds the generated protocol stubs.
     */
    private static int runIsolated(Path stubDir, File base) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(stubDir.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        ClassLoader loader =
                new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> cls = loader.loadClass(TomcatDump.class.getName());
        return (Integer) cls.getMethod("runInThisLoader", String.class).invoke(null, base.getPath());
    }

    /**
     * Generates and compiles a subclass for every Connector protocol class named in server.xml that
     * cannot be loaded. Returns the class directory, or null when no stub is needed.
     */
    private static Path compileProtocolStubs(File base, List<String> stubLines) throws IOException {
        Map<String, String> names = scanClassNames(new File(base, "conf/server.xml"));
        List<File> sources = new ArrayList<>();
        Path dir = null;
        for (Map.Entry<String, String> e : names.entrySet()) {
            String name = e.getKey();
            if (!e.getValue().equals("Connector@protocol")
                    || name.equals("HTTP/1.1")
                    || name.equals("AJP/1.3")
                    || !name.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+")) {
                continue;
            }
            try {
                Class.forName(name, false, TomcatDump.class.getClassLoader());
                continue;
            } catch (ClassNotFoundException | LinkageError ex) {
                // needs a stub
            }
            if (dir == null) {
                dir = Files.createTempDirectory("tomcatdump-stubs");
            }
            int dot = name.lastIndexOf('.');
            String simple = name.substring(dot + 1);
            String parent =
                    simple.contains("Ajp")
                            ? "org.apache.coyote.ajp.AjpNioProtocol"
                            : "org.apache.coyote.http11.Http11NioProtocol";
            Path src = dir.resolve(name.replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.write(
                    src,
                    ("package "
                                    + name.substring(0, dot)
                                    + "; public class "
                                    + simple
                                    + " extends "
                                    + parent
                                    + " {}\n")
                            .getBytes(StandardCharsets.UTF_8));
            sources.add(src.toFile());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "stub");
            line.put("class", name);
            line.put("element", "Connector@protocol");
            line.put("stand_in", parent);
            stubLines.add(json(line));
        }
        if (dir == null) {
            return null;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no system Java compiler: cannot build protocol stubs");
        }
        List<String> args = new ArrayList<>();
        args.add("-proc:none");
        args.add("-nowarn");
        args.add("-cp");
        args.add(System.getProperty("java.class.path"));
        args.add("-d");
        args.add(dir.toString());
        for (File f : sources) {
            args.add(f.getPath());
        }
        if (javac.run(null, null, System.err, args.toArray(new String[0])) != 0) {
            throw new IOException("compiling protocol stubs failed");
        }
        return dir;
    }

    public static void main(String[] args) {
        boolean stubMissing = false;
        String dir = null;
        for (String a : args) {
            if (a.equals("--stub-missing-classes")) {
                stubMissing = true;
            } else if (dir == null && !a.startsWith("--")) {
                dir = a;
            } else {
                dir = null;
                break;
            }
        }
        if (dir == null) {
            System.err.println("usage: TomcatDump [--stub-missing-classes] CATALINA_BASE");
            System.exit(1);
        }
        File base = new File(dir).getAbsoluteFile();
        if (!new File(base, "conf/server.xml").isFile()) {
            System.err.println("TomcatDump: no conf/server.xml under " + base);
            System.exit(1);
        }
        // What catalina.sh / Bootstrap do before Catalina runs: catalina.base and catalina.home,
        // then CatalinaProperties copies conf/catalina.properties into the system properties. This
        // must happen before the Digester class is initialised (it reads PROPERTY_SOURCE once).
        System.setProperty("catalina.base", base.getPath());
        System.setProperty("catalina.home", base.getPath());
        CatalinaProperties.getProperty("common.loader");
        int rc;
        try {
            List<String> protocolStubs = new ArrayList<>();
            Path stubDir = stubMissing ? compileProtocolStubs(base, protocolStubs) : null;
            if (stubDir == null) {
                rc = new TomcatDump().run(base, stubMissing);
            } else {
                for (String line : protocolStubs) {
                    System.out.println(line);
                }
                try {
                    rc = runIsolated(stubDir, base);
                } finally {
                    try (java.util.stream.Stream<Path> walk = Files.walk(stubDir)) {
                        walk.sorted(java.util.Comparator.reverseOrder())
                                .forEach(q -> q.toFile().delete());
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("TomcatDump: " + rootCause(e));
            e.printStackTrace();
            rc = 1;
        }
        System.out.flush();
        System.exit(rc);
    }
}
