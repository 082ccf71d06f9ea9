using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.PublicApi;

/// <summary>
/// The public surface of the library packages, written out as text and compared with the committed snapshot in
/// Tests/PublicApi/. A change to the public API fails this test until the snapshot is updated with it (run the
/// tests with UPDATE_PUBLIC_API=1 and commit the file), so the API never changes unannounced.
/// </summary>
public sealed class PublicApiTests
{
    [TestCase(typeof(Word2VecNative.Training.Trainer))]
    [TestCase(typeof(Word2VecNative.Gpu.GpuTrainer))]
    public void PublicApi_Surface_MatchesTheCommittedSnapshot(Type anyTypeOfTheAssembly)
    {
        var assembly = anyTypeOfTheAssembly.Assembly;
        string actual = Render(assembly);
        string file = Path.Combine(RepoPaths.Root, "Tests", "PublicApi", assembly.GetName().Name + ".txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
        }
        Assert.That(File.Exists(file), Is.True, $"{file} is missing; run the tests with UPDATE_PUBLIC_API=1 to write it");
        string expected = File.ReadAllText(file).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n').ToHashSet();
            var a = actual.Split('\n').ToHashSet();
            string added = string.Join("\n", actual.Split('\n').Where(l => !e.Contains(l)).Select(l => "+ " + l));
            string removed = string.Join("\n", expected.Split('\n').Where(l => !a.Contains(l)).Select(l => "- " + l));
            Assert.Fail($"The public API of {assembly.GetName().Name} changed; if that is intended, run the tests with UPDATE_PUBLIC_API=1 and commit {file}.\n{removed}\n{added}");
        }
    }

    [Test]
    public void PublicApi_Render_ListsPublicMembersOnly()
    {
        string text = Render(typeof(Word2VecNative.Training.Trainer).Assembly);
        Assert.That(text, Does.Contain("public static class Word2VecNative.Training.Trainer"));
        Assert.That(text, Does.Contain("Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary = null"));
        Assert.That(text, Does.Not.Contain("TrainingWorker"), "internal types stay out");
        Assert.That(text, Does.Not.Contain("OutputFile"));
    }

    private static string Render(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var t in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(TypeHeader(t)).Append('\n');
            foreach (var line in Members(t).Order(StringComparer.Ordinal)) sb.Append("    ").Append(line).Append('\n');
        }
        return sb.ToString();
    }

    private static string TypeHeader(Type t)
    {
        string kind = t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? (IsRecord(t) ? "record struct" : "struct")
            : t.IsAbstract && t.IsSealed ? "static class" : IsRecord(t) ? "record" : "class";
        string mods = t.IsClass && t.IsSealed && !t.IsAbstract ? "sealed " : t.IsClass && t.IsAbstract && !t.IsSealed ? "abstract " : "";
        if (t.IsValueType && t.IsDefined(typeof(IsReadOnlyAttribute))) mods += "readonly ";
        var bases = new List<string>();
        if (t.BaseType != null && t.BaseType != typeof(object) && t.BaseType != typeof(ValueType) && t.BaseType != typeof(Enum)) bases.Add(Name(t.BaseType));
        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic && !i.Name.StartsWith("IEquatable", StringComparison.Ordinal)).Select(i => Name(i)).Order(StringComparer.Ordinal));
        return $"public {mods}{kind} {t.FullName}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") != null || t.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) != null;

    private static IEnumerable<string> Members(Type t)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (t.IsEnum)
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static)) yield return $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
            yield break;
        }
        foreach (var c in t.GetConstructors(Flags)) yield return $"{(c.IsStatic ? "static " : "")}ctor({Parameters(c.GetParameters())})";
        foreach (var f in t.GetFields(Flags))
            yield return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType, Nullability(f))} {f.Name}" + (f.IsLiteral ? $" = {Literal(f.GetRawConstantValue())}" : "");
        foreach (var p in t.GetProperties(Flags))
        {
            var get = p.GetMethod is { IsPublic: true } ? "get; " : "";
            var set = p.SetMethod is { IsPublic: true } s ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? "init; " : "set; ") : "";
            string stat = (p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : "";
            var idx = p.GetIndexParameters();
            string name = idx.Length > 0 ? $"this[{Parameters(idx)}]" : p.Name;
            yield return $"{stat}{Name(p.PropertyType, new NullabilityInfoContext().Create(p))} {name} {{ {get}{set}}}";
        }
        foreach (var e in t.GetEvents(Flags)) yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
        foreach (var m in t.GetMethods(Flags).Where(m => !m.IsSpecialName))
        {
            if (IsRecord(t) && m.Name is "<Clone>$" or "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers") continue;
            string generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            yield return $"{(m.IsStatic ? "static " : "")}{Name(m.ReturnType, new NullabilityInfoContext().Create(m.ReturnParameter))} {m.Name}{generic}({Parameters(m.GetParameters())})";
        }
        foreach (var op in t.GetMethods(Flags).Where(m => m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal) && !IsRecord(t)))
            yield return $"static {Name(op.ReturnType)} {op.Name}({Parameters(op.GetParameters())})";
    }

    private static NullabilityInfo? Nullability(FieldInfo f) => new NullabilityInfoContext().Create(f);

    private static string Parameters(ParameterInfo[] ps) => string.Join(", ", ps.Select(p =>
    {
        string mod = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : "";
        var type = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        string s = $"{mod}{Name(type, new NullabilityInfoContext().Create(p))} {p.Name}";
        if (p.HasDefaultValue) s += " = " + (p.DefaultValue == null && type.IsValueType && Nullable.GetUnderlyingType(type) == null ? "default" : Literal(p.DefaultValue));
        return s;
    }));

    private static string Literal(object? v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Name(Type t, NullabilityInfo? n = null)
    {
        if (t.IsByRef) return Name(t.GetElementType()!) + "&";
        if (t.IsPointer) return Name(t.GetElementType()!) + "*";
        if (t.IsArray) return Name(t.GetElementType()!, n?.ElementType) + "[]" + (n?.ReadState == NullabilityState.Nullable ? "?" : "");
        var under = Nullable.GetUnderlyingType(t);
        if (under != null) return Name(under) + "?";
        string name = t switch
        {
            _ when t == typeof(void) => "void",
            _ when t == typeof(int) => "int",
            _ when t == typeof(long) => "long",
            _ when t == typeof(float) => "float",
            _ when t == typeof(double) => "double",
            _ when t == typeof(bool) => "bool",
            _ when t == typeof(string) => "string",
            _ when t == typeof(byte) => "byte",
            _ when t == typeof(ulong) => "ulong",
            _ when t == typeof(uint) => "uint",
            _ when t == typeof(object) => "object",
            _ => t.IsGenericParameter ? t.Name : t.Name.Split('`')[0],
        };
        if (t.IsGenericType)
        {
            var args = t.GetGenericArguments();
            name += "<" + string.Join(", ", args.Select((a, i) => Name(a, n != null && i < n.GenericTypeArguments.Length ? n.GenericTypeArguments[i] : null))) + ">";
        }
        if (!t.IsValueType && n?.ReadState == NullabilityState.Nullable) name += "?";
        return name;
    }
}
