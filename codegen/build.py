"""Stage 2: turn the raw model into the intermediate representation, collecting every problem."""

from __future__ import annotations

import heapq
from typing import Any

import attrs

from codegen import ir
from codegen.docs import html_to_rst
from codegen.errors import GenerationError
from codegen.loader import RawModel
from codegen.naming import attribute_name, constant_name, xform_name
from codegen.patterns import PatternError, translate

_SCALARS = {"string", "integer", "long", "float", "double", "boolean", "timestamp"}
_COMMON_KEYS = {"type", "documentation", "deprecated", "deprecatedMessage"}
_SHAPE_KEYS = {
    "string": _COMMON_KEYS | {"min", "max", "pattern", "enum", "sensitive"},
    "integer": _COMMON_KEYS | {"min", "max", "box"},
    "long": _COMMON_KEYS | {"min", "max", "box"},
    "float": _COMMON_KEYS | {"min", "max", "box"},
    "double": _COMMON_KEYS | {"min", "max", "box"},
    "boolean": _COMMON_KEYS | {"box"},
    "timestamp": _COMMON_KEYS,
    "list": _COMMON_KEYS | {"member", "min", "max"},
    "map": _COMMON_KEYS | {"key", "value", "min", "max"},
    "structure": _COMMON_KEYS | {"members", "required", "exception", "error", "sensitive"},
}
_MEMBER_KEYS = {"shape", "documentation", "box", "deprecated", "deprecatedMessage"}
#: Keys of an operation of a supplementary model (botocore's, plus what it is composed of).
_COMPOSITE_KEYS = {"name", "input", "output", "errors", "documentation", "composedOf", "source"}
# Names the generated class bodies use in annotations; a field of the same name
# would shadow them for the fields after it.
_RESERVED_ATTRIBUTES = {"str", "int", "float", "bool", "tuple"}


class _Builder:
    def __init__(self, raw: RawModel) -> None:
        self.raw = raw
        self.problems: list[str] = []
        self.pattern_names: dict[str, str] = {}  # java source -> constant name
        self.patterns: dict[str, ir.Pattern] = {}
        self.enums: dict[str, ir.Enum] = {}

    def problem(self, text: str) -> None:
        self.problems.append(text)

    # -- shapes
    def shape(self, name: str) -> dict[str, Any] | None:
        shape = self.raw.shapes.get(name)
        if shape is None:
            self.problem(f"shape {name}: referenced but not in the model")
            return None
        kind = shape.get("type")
        if kind not in _SHAPE_KEYS:
            self.problem(f"shape {name}: unknown construct: type {kind!r}")
            return None
        unknown = sorted(set(shape) - _SHAPE_KEYS[kind])
        if unknown:
            self.problem(f"shape {name}: unknown construct: key(s) {', '.join(unknown)}")
        return dict(shape)

    def constraints(self, shape: dict[str, Any]) -> ir.Constraints:
        return ir.Constraints(min=shape.get("min"), max=shape.get("max"))

    def name_patterns(self) -> None:
        """Name each distinct pattern after the alphabetically first shape that uses it."""
        names: dict[str, str] = {}
        for shape_name, shape in sorted(self.raw.shapes.items()):
            source = shape.get("pattern")
            if isinstance(source, str) and source not in names:
                names[source] = constant_name(shape_name)
        taken: dict[str, str] = {}
        for source, name in sorted(names.items()):
            if name in taken:
                self.problem(f"pattern name collision: {name} for {taken[name]!r} and {source!r}")
            taken[name] = source
        self.pattern_names = names

    def pattern(self, shape_name: str, source: str) -> str | None:
        name = self.pattern_names[source]
        if name not in self.patterns:
            try:
                python = translate(source, self.raw.unicode_categories)
            except PatternError as exc:
                self.problem(f"shape {shape_name}: untranslatable pattern {source!r}: {exc}")
                return None
            self.patterns[name] = ir.Pattern(name=name, source=source, python=python)
        return name

    def enum(self, name: str, shape: dict[str, Any]) -> str:
        if name not in self.enums:
            members: dict[str, str] = {}
            for value in shape["enum"]:
                member = constant_name(value)
                if member in members and members[member] != value:
                    self.problem(
                        f"enum {name}: values {members[member]!r} and {value!r} both name {member}"
                    )
                members[member] = value
            self.enums[name] = ir.Enum(
                name=name,
                documentation=self.documentation(name, shape),
                members=tuple(ir.EnumMember(name=k, value=v) for k, v in members.items()),
            )
        return name

    def typeref(self, name: str) -> ir.TypeRef | None:
        shape = self.shape(name)
        if shape is None:
            return None
        kind = shape["type"]
        if kind in _SCALARS:
            pattern = self.pattern(name, shape["pattern"]) if "pattern" in shape else None
            enum = self.enum(name, shape) if "enum" in shape else None
            return ir.Scalar(
                shape=name,
                kind=kind,
                constraints=self.constraints(shape),
                pattern=pattern,
                enum=enum,
            )
        if kind == "list":
            member = self.typeref(shape["member"]["shape"])
            if isinstance(member, ir.ListOf):
                # Constructors convert a list member's sequence to a tuple, one level deep.
                self.problem(f"shape {name}: unknown construct: list of lists")
                return None
            return (
                None
                if member is None
                else ir.ListOf(shape=name, member=member, constraints=self.constraints(shape))
            )
        if kind == "map":
            key, value = self.typeref(shape["key"]["shape"]), self.typeref(shape["value"]["shape"])
            if isinstance(value, ir.ListOf):
                self.problem(f"shape {name}: unknown construct: map of lists")
                return None
            if key is None or value is None:
                return None
            return ir.MapOf(shape=name, key=key, value=value, constraints=self.constraints(shape))
        return ir.StructRef(shape=name)

    def structure(self, name: str, shape: dict[str, Any]) -> ir.Structure:
        required = set(shape.get("required", ()))
        members: list[ir.Member] = []
        attrs: dict[str, str] = {}
        for wire, member in shape.get("members", {}).items():
            unknown = sorted(set(member) - _MEMBER_KEYS)
            if unknown:
                self.problem(f"shape {name}.{wire}: unknown construct: key(s) {', '.join(unknown)}")
            attr = attribute_name(wire)
            if attr in attrs:
                self.problem(f"shape {name}: members {attrs[attr]} and {wire} both become {attr!r}")
            if attr in _RESERVED_ATTRIBUTES:
                self.problem(f"shape {name}.{wire}: attribute {attr!r} would shadow a builtin")
            attrs[attr] = wire
            ref = self.typeref(member["shape"])
            if ref is None:
                continue
            members.append(
                ir.Member(
                    wire_name=wire,
                    attr_name=attr,
                    type=ref,
                    required=wire in required,
                    documentation=html_to_rst(member.get("documentation", "")),
                )
            )
        for missing in sorted(required - set(shape.get("members", {}))):
            self.problem(f"shape {name}: required member {missing} is not a member")
        return ir.Structure(
            name=name,
            documentation=self.documentation(name, shape),
            members=tuple(members),
            is_error=bool(shape.get("exception")),
        )

    def documentation(self, name: str, shape: dict[str, Any]) -> str:
        """A shape's documentation; a supplement's shapes say they are not botocore's."""
        text = html_to_rst(shape.get("documentation", ""))
        source = self.raw.supplement_shapes.get(name)
        if source is None:
            return text
        note = f"Not in botocore's model: defined by the supplementary model ``{source}``."
        return f"{text}\n\n{note}" if text else note

    # -- whole model
    def structures(self) -> tuple[ir.Structure, ...]:
        structures: dict[str, ir.Structure] = {}
        for name in sorted(self.raw.shapes):
            shape = self.shape(name)
            if shape is not None and shape["type"] == "structure":
                structures[name] = self.structure(name, shape)
            elif shape is not None:
                self.typeref(name)  # enums, patterns and problems of unreferenced shapes too
        return self.dependency_order(structures)

    def dependency_order(self, structures: dict[str, ir.Structure]) -> tuple[ir.Structure, ...]:
        def refs(t: ir.TypeRef) -> set[str]:
            if isinstance(t, ir.StructRef):
                return {t.shape}
            if isinstance(t, ir.ListOf):
                return refs(t.member)
            if isinstance(t, ir.MapOf):
                return refs(t.key) | refs(t.value)
            return set()

        deps = {
            name: set().union(*(refs(m.type) for m in s.members)) & set(structures)
            for name, s in structures.items()
        }
        users: dict[str, set[str]] = {name: set() for name in structures}
        for name, ds in deps.items():
            for d in ds:
                users[d].add(name)
        ready = [name for name, ds in deps.items() if not ds]
        heapq.heapify(ready)
        ordered: list[ir.Structure] = []
        while ready:
            name = heapq.heappop(ready)
            ordered.append(structures[name])
            for user in sorted(users[name]):
                deps[user].discard(name)
                if not deps[user]:
                    heapq.heappush(ready, user)
        for name in sorted(set(structures) - {s.name for s in ordered}):
            self.problem(f"shape {name}: unknown construct: recursive structure")
        return tuple(ordered)

    def operations(self) -> tuple[ir.Operation, ...]:
        ops = []
        for name in sorted(self.raw.operations):
            op = self.raw.operations[name]
            for key in ("input", "output"):
                if key in op and op[key]["shape"] not in self.raw.shapes:
                    self.problem(
                        f"operation {name}: {key} shape {op[key]['shape']} is not in the model"
                    )
            input_name = op.get("input", {}).get("shape")
            input_shape = self.raw.shapes.get(input_name or "", {})
            required = input_shape.get("required", [])
            ops.append(
                ir.Operation(
                    name=name,
                    method_name=xform_name(name),
                    input=input_name,
                    output=op.get("output", {}).get("shape"),
                    errors=tuple(sorted(e["shape"] for e in op.get("errors", ()))),
                    documentation=html_to_rst(op.get("documentation", "")),
                    name_member=self.name_member(input_shape),
                    input_optional=input_name is not None and not required,
                )
            )
        return tuple(ops)

    def composites(self) -> tuple[ir.Operation, ...]:
        """The supplementary models' operations: each answered by in-scope wire operations."""
        ops = []
        for name in sorted(self.raw.composites):
            op = self.raw.composites[name]
            unknown = sorted(set(op) - _COMPOSITE_KEYS)
            if unknown:
                self.problem(f"composite {name}: unknown construct: key(s) {', '.join(unknown)}")
            for key in ("input", "output"):
                if key not in op:
                    self.problem(f"composite {name}: needs an {key} shape")
                elif op[key]["shape"] not in self.raw.shapes:
                    self.problem(
                        f"composite {name}: {key} shape {op[key]['shape']} is not in the model"
                    )
            calls = tuple(op.get("composedOf", ()))
            for call in calls:
                if call not in self.raw.operations:
                    self.problem(f"composite {name}: composedOf {call}, not an operation in scope")
            input_name = op.get("input", {}).get("shape")
            input_shape = self.raw.shapes.get(input_name or "", {})
            ops.append(
                ir.Operation(
                    name=name,
                    method_name=xform_name(name),
                    input=input_name,
                    output=op.get("output", {}).get("shape"),
                    errors=tuple(sorted(e["shape"] for e in op.get("errors", ()))),
                    documentation=html_to_rst(op.get("documentation", "")),
                    name_member=self.name_member(input_shape),
                    input_optional=input_name is not None and not input_shape.get("required"),
                    calls=calls,
                    source=op.get("source"),
                )
            )
        return tuple(ops)

    def name_member(self, shape: dict[str, Any]) -> str | None:
        """The attribute of a request's one required member when that member is a plain name."""
        required = shape.get("required", [])
        if len(required) != 1:
            return None
        member = shape.get("members", {}).get(required[0], {})
        target = self.raw.shapes.get(member.get("shape", ""), {})
        if target.get("type") != "string" or "enum" in target or not required[0].endswith("Name"):
            return None
        return attribute_name(required[0])

    def paginators(self) -> tuple[ir.Paginator, ...]:
        result = []
        for name in sorted(self.raw.paginators):
            spec = self.raw.paginators[name]
            op = self.raw.operations.get(name)
            if op is None:
                self.problem(f"paginator {name}: no such operation")
                continue
            keys = ("input_token", "output_token", "result_key")
            if any(not isinstance(spec.get(k), str) for k in keys):
                self.problem(f"paginator {name}: unknown construct: non-string token or result key")
                continue
            in_members = self.raw.shapes.get(op.get("input", {}).get("shape", ""), {}).get(
                "members", {}
            )
            out_members = self.raw.shapes.get(op.get("output", {}).get("shape", ""), {}).get(
                "members", {}
            )
            for key, members in (("input_token", in_members), ("limit_key", in_members)):
                if spec.get(key) is not None and spec[key] not in members:
                    self.problem(f"paginator {name}: {key} {spec[key]} is not an input member")
            for key in ("output_token", "result_key"):
                if spec[key] not in out_members:
                    self.problem(f"paginator {name}: {key} {spec[key]} is not an output member")
            results = self.raw.shapes.get(out_members.get(spec["result_key"], {}).get("shape", ""))
            item = (results or {}).get("member", {}).get("shape", "")
            if spec["result_key"] in out_members and (
                (results or {}).get("type") != "list"
                or self.raw.shapes.get(item, {}).get("type") != "structure"
            ):
                self.problem(
                    f"paginator {name}: result_key {spec['result_key']} is not a list of structures"
                )
            result.append(
                ir.Paginator(
                    operation=name,
                    input_token=spec["input_token"],
                    output_token=spec["output_token"],
                    limit_key=spec.get("limit_key"),
                    result_key=spec["result_key"],
                    method_name="paginate_" + xform_name(name).removeprefix("list_"),
                    item=item,
                )
            )
        return tuple(result)


def _reachable(structures: tuple[ir.Structure, ...], roots: set[str]) -> set[str]:
    """The structures reachable from ``roots`` (structure names) through members."""
    by_name = {s.name: s for s in structures}

    def refs(t: ir.TypeRef) -> list[str]:
        if isinstance(t, ir.StructRef):
            return [t.shape]
        if isinstance(t, ir.ListOf):
            return refs(t.member)
        if isinstance(t, ir.MapOf):
            return refs(t.key) + refs(t.value)
        return []

    seen: set[str] = set()
    stack = [r for r in roots if r in by_name]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack += [r for m in by_name[name].members for r in refs(m.type)]
    return seen


def _with_roles(
    structures: tuple[ir.Structure, ...], operations: tuple[ir.Operation, ...]
) -> tuple[ir.Structure, ...]:
    """Mark each structure as reachable from inputs, outputs, or both."""
    inputs = _reachable(structures, {op.input for op in operations if op.input})
    outputs = _reachable(structures, {op.output for op in operations if op.output})
    return tuple(
        attrs.evolve(s, in_input=s.name in inputs, in_output=s.name in outputs) for s in structures
    )


def build(raw: RawModel) -> ir.Service:
    """The IR of ``raw``; raises :class:`GenerationError` listing every problem found."""
    builder = _Builder(raw)
    builder.name_patterns()
    structures = builder.structures()
    operations = builder.operations()
    structures = _with_roles(structures, operations)
    composites = builder.composites()
    paginators = builder.paginators()
    meta = raw.metadata
    for key in ("serviceId", "apiVersion", "targetPrefix", "protocol"):
        if key not in meta:
            builder.problem(f"metadata: missing {key}")
    if meta.get("protocol", "json") != "json":
        builder.problem(f"metadata: unknown construct: protocol {meta.get('protocol')!r}")
    if builder.problems:
        raise GenerationError(builder.problems)
    return ir.Service(
        service_id=meta["serviceId"],
        api_version=meta["apiVersion"],
        target_prefix=meta["targetPrefix"],
        protocol=meta["protocol"],
        source_version=str(raw.source.get("botocore_version", "unknown")),
        source_sha256=str(raw.source.get("sha256", "")),
        unicode_version=raw.unicode_version,
        operations=operations,
        structures=structures,
        enums=tuple(sorted(builder.enums.values(), key=lambda e: e.name)),
        patterns=tuple(sorted(builder.patterns.values(), key=lambda p: p.name)),
        paginators=paginators,
        composites=composites,
        supplements=raw.supplements,
        relaxed=raw.relaxed,
    )
