package io.payrecon.job;

import io.payrecon.matching.OrderState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.ReconciledRecord;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State and records use Flink's POJO serializer (events their own, see PaymentEventSerializerTest):
 * never a silent Kryo fallback.
 */
class SerializationTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                OrderState.class,
                InboundRecord.class,
                ExceptionRecord.class,
                MalformedSource.class,
                ReconciledRecord.class
            })
    void isAPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }
}
