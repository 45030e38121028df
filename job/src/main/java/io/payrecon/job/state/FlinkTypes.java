package io.payrecon.job.state;

import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.NullableListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * The Flink types of the model and state classes, with every {@link PaymentEvent} in them (a field,
 * a list element) written by {@link PaymentEventSerializer}.
 *
 * <p>Why here and not on the class: the model stays plain Java, so {@code PaymentEvent} has no
 * {@code @TypeInfo} annotation, and {@code TypeInformation.of} alone would give Flink's POJO form.
 * Registering the factory by configuration ({@code pipeline.serialization-config}) is no substitute:
 * Flink 2.2 puts it in a static map of the JVM that parses the configuration (the client), which the
 * TaskManagers, where {@code open()} builds the state descriptor, never see, and it refuses a second
 * registration in the same JVM. An explicit type works the same on the client, on the TaskManagers
 * and in tests. The POJO analysis stays Flink's own, so a field added to {@code OrderState} needs
 * nothing here, and the result equals what the annotation gave: savepoints restore as they are.
 */
public final class FlinkTypes {
    private FlinkTypes() {}

    /** A model or state class as Flink's type extraction sees it, events replaced by their own serializer. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<T> of(Class<T> type) {
        return (TypeInformation<T>) withEventSerializer(TypeInformation.of(type));
    }

    /** The type itself when it holds no event; a copy with the events' type replaced otherwise. */
    private static TypeInformation<?> withEventSerializer(TypeInformation<?> type) {
        if (type.getTypeClass() == PaymentEvent.class) {
            return new PaymentEventSerializer.TypeInfo();
        }
        if (type instanceof ListTypeInfo) {
            TypeInformation<?> element = ((ListTypeInfo<?>) type).getElementTypeInfo();
            TypeInformation<?> replaced = withEventSerializer(element);
            if (replaced == element) {
                return type;
            }
            // A POJO's list field is nullable (its own serializer): keep the kind, or the state format changes.
            return type instanceof NullableListTypeInfo
                    ? new NullableListTypeInfo<>(replaced)
                    : new ListTypeInfo<>(replaced);
        }
        if (type instanceof PojoTypeInfo) {
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) type;
            List<PojoField> fields = new ArrayList<>(pojo.getArity());
            boolean changed = false;
            for (int i = 0; i < pojo.getArity(); i++) {
                PojoField field = pojo.getPojoFieldAt(i);
                TypeInformation<?> replaced = withEventSerializer(field.getTypeInformation());
                changed |= replaced != field.getTypeInformation();
                fields.add(new PojoField(field.getField(), replaced));
            }
            return changed ? new PojoTypeInfo<>(pojo.getTypeClass(), fields) : type;
        }
        return type;
    }
}
