package io.payrecon.generator;

/**
 * What one order is to be, before any of its events is written: decided by {@link ScenarioDraw},
 * played out by {@link OrderScript}.
 *
 * @param scenario the order's scenario
 * @param lifecycle whether it carries lifecycle events (always for an invalid transition)
 * @param invalidTransition how its lifecycle breaks; only for {@link Scenario#INVALID_TRANSITION}
 * @param malformedShape the shape of its extra malformed record; only for {@link Scenario#MALFORMED}
 * @param redelivery which of its events is sent twice; only for {@link Scenario#DUPLICATE_DELIVERY}
 * @param idConflict what its conflicting copy changes; only for {@link Scenario#EVENT_ID_CONFLICT}
 */
record OrderOutline(
        Scenario scenario,
        boolean lifecycle,
        InvalidTransition invalidTransition,
        MalformedInputCatalogue.Shape malformedShape,
        Redelivery redelivery,
        IdConflict idConflict) {}
