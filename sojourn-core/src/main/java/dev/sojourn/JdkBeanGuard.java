package dev.sojourn;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Part of the default attribute mapper: refuses to write a JDK object that Jackson would only write
 * as a generic bean, from its getters ({@code Thread}, {@code ThreadGroup}, exceptions,
 * {@code BitSet}…). What comes out is not the object's data (a {@code BitSet} becomes
 * {@code {"empty":true}}, a {@code Thread} its class loader), so storing it would silently keep junk;
 * {@link Session#set} fails at once instead. JDK types with a JSON form of their own (strings,
 * numbers, collections, maps, arrays, {@code java.time}, {@code UUID}, {@code URI}, {@code Locale},
 * {@code Date}…) have dedicated serializers and are not affected.
 */
final class JdkBeanGuard extends SimpleModule {
    private static final long serialVersionUID = 1L;

    JdkBeanGuard() {
        super("sojourn-jdk-bean-guard");
        setSerializerModifier(new BeanSerializerModifier() {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                    JsonSerializer<?> serializer) {
                Class<?> type = description.getBeanClass();
                return serializer instanceof BeanSerializerBase && isJdkClass(type) ? new Refusing(type) : serializer;
            }
        });
    }

    /** Whether the class, or a superclass other than Object, belongs to the JDK. */
    static boolean isJdkClass(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String pkg = c.getPackageName();
            if (pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.")
                    || pkg.startsWith("sun.") || pkg.startsWith("com.sun.")) {
                return true;
            }
        }
        return false;
    }

    private static final class Refusing extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;
        private final Class<?> type;

        Refusing(Class<?> type) {
            super(Object.class);
            this.type = type;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.reportBadDefinition(provider.constructType(type), type.getName()
                    + " has no JSON form: Jackson would write its getters, not its data");
        }
    }
}
