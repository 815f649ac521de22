package io.waxwing.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An ArchUnit condition: a public class's public or protected signatures — its supertypes, and the
 * parameter, return, exception and field types of its members, type arguments included — name no
 * type that {@code hidden} accepts. Used to keep engine and internal types out of the public API.
 */
public final class PublicSignatures {
    private PublicSignatures() {
    }

    /** Whether a class lives in the engine or in any {@code internal} package. */
    public static boolean engineOrInternal(JavaClass c) {
        String p = c.getPackageName();
        return p.equals("io.waxwing.engine") || p.startsWith("io.waxwing.engine.")
                || p.startsWith("io.waxwing.") && (p.endsWith(".internal") || p.contains(".internal."));
    }

    public static ArchCondition<JavaClass> exposeNoTypeThat(String description, Predicate<JavaClass> hidden) {
        return new ArchCondition<>("expose no " + description + " type in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!c.getModifiers().contains(JavaModifier.PUBLIC) || !isVisible(c)) {
                    return;
                }
                List<String> where = new ArrayList<>();
                for (JavaType t : supertypes(c)) {
                    collect(t, hidden, "supertype of " + c.getName(), where);
                }
                for (JavaCodeUnit m : c.getCodeUnits()) {
                    if (!exposed(m.getModifiers())) {
                        continue;
                    }
                    collect(m.getReturnType(), hidden, m.getFullName() + " returns", where);
                    for (JavaType p : m.getParameterTypes()) {
                        collect(p, hidden, m.getFullName() + " takes", where);
                    }
                    for (JavaClass e : m.getExceptionTypes()) {
                        collect(e, hidden, m.getFullName() + " throws", where);
                    }
                }
                for (JavaField f : c.getFields()) {
                    if (exposed(f.getModifiers())) {
                        collect(f.getType(), hidden, f.getFullName() + " is", where);
                    }
                }
                for (String w : where) {
                    events.add(SimpleConditionEvent.violated(c, w));
                }
            }
        };
    }

    /** A nested class is visible only when every class enclosing it is. */
    private static boolean isVisible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC) && !k.getModifiers().contains(JavaModifier.PROTECTED)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static List<JavaType> supertypes(JavaClass c) {
        List<JavaType> out = new ArrayList<>();
        c.getSuperclass().ifPresent(out::add);
        out.addAll(c.getInterfaces());
        return out;
    }

    private static void collect(JavaType type, Predicate<JavaClass> hidden, String what, List<String> where) {
        for (JavaClass named : type.getAllInvolvedRawTypes()) {
            if (hidden.test(named)) {
                where.add(what + " " + named.getName());
            }
        }
    }
}
