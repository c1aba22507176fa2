<#
.SYNOPSIS
    Compiles the markdown help in src/Qianfan/Help into the module's MAML help file.
.DESCRIPTION
    Imports the built module, and for every exported cmdlet reads <Cmdlet-Name>.md from
    -MarkdownPath and writes one <command:command> to -OutputPath (normally
    <module>/en-US/Qianfan.dll-Help.xml).

    What the code knows comes from the code: syntax, parameter sets, types, required, position,
    pipeline input, aliases, wildcards, default values, accepted values and ranges. What only a
    person can say comes from the markdown: synopsis, description, parameter descriptions,
    examples, inputs, outputs, notes and related links. The format is described in
    src/Qianfan/Help/README.md.

    Fails, listing every problem with file and line, when an exported cmdlet has no markdown, a
    markdown file lacks a synopsis, description or examples (with code and remarks), a parameter is
    undocumented, OUTPUTS misses a declared output type, or the markdown is malformed. Warns about
    entries for parameters the cmdlet lacks (they are left out), markdown files for no exported
    cmdlet, and example code too wide for an 80-column console.
.EXAMPLE
    pwsh -NoProfile -File tools/Build-Help.ps1 -ModulePath out/Qianfan -MarkdownPath src/Qianfan/Help -OutputPath out/Qianfan/en-US/Qianfan.dll-Help.xml
#>
[CmdletBinding()]
param(
    # The built module folder (holding the module manifest).
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder of <Cmdlet-Name>.md files.
    [Parameter(Mandatory)] [string] $MarkdownPath,
    # The MAML file to write.
    [Parameter(Mandatory)] [string] $OutputPath,
    # Prose is wrapped so that rendered help lines stay within this many columns (an 80-column console
    # breaks a line that fills its last column); 0 leaves paragraphs unwrapped.
    [ValidateRange(0, 1000)] [int] $LineWidth = 78
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

# Where Get-Help indents each kind of text; prose is wrapped to fit the rest of the line.
$Indent = @{ Description = 4; Parameter = 8; Example = 4; TypeEntry = 8; Notes = 8 }

$KnownSections = 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$ShouldProcessParameters = 'WhatIf', 'Confirm'
$DefaultDescriptions = @{
    WhatIf  = 'Shows what the cmdlet would do, without doing it. Nothing is sent to the service.'
    Confirm = 'Asks for confirmation before acting on each item.'
}

# Problems are collected over all files and reported together, so one build shows them all.
$script:Problems = [System.Collections.Generic.List[string]]::new()
function Add-Problem([string] $Where, [string] $Text) { $script:Problems.Add("${Where}: $Text") }

#region Markdown reading

<#
Splits a markdown file into a tree: the H1 title, H2 sections, H3 entries within them. Each piece
keeps its content lines with line numbers. Fenced code and HTML comments are never taken for headings.
#>
function Read-HelpMarkdown([string] $Path) {
    $fileName = Split-Path $Path -Leaf
    $lines = [System.IO.File]::ReadAllLines($Path, [System.Text.UTF8Encoding]::new($false))
    $doc = [pscustomobject]@{ File = $fileName; Title = $null; TitleLine = 0; Sections = [ordered]@{} }
    $section = $null
    $entry = $null
    $inFence = $false
    $fenceMarker = $null
    $inComment = $false

    for ($i = 0; $i -lt $lines.Length; $i++) {
        $number = $i + 1
        $line = $lines[$i].TrimEnd()

        if (-not $inFence) {
            if ($inComment) {
                $end = $line.IndexOf('-->')
                if ($end -lt 0) { continue }
                $inComment = $false
                $line = $line.Substring($end + 3).TrimEnd()
                if ($line -eq '') { continue }
            }
            $line = [regex]::Replace($line, '<!--.*?-->', '')
            $start = $line.IndexOf('<!--')
            if ($start -ge 0) {
                $inComment = $true
                $line = $line.Substring(0, $start).TrimEnd()
                if ($line -eq '') { continue }
            }
        }

        if ($line -match '^\s*(`{3,}|~{3,})') {
            if (-not $inFence) { $inFence = $true; $fenceMarker = $Matches[1] }
            elseif ($line.Trim().StartsWith($fenceMarker) -and $line.Trim().Trim($fenceMarker[0]) -eq '') { $inFence = $false }
        }
        elseif (-not $inFence -and $line -match '^(#{1,6})\s+(.*?)\s*#*\s*$') {
            $level = $Matches[1].Length
            $text = $Matches[2]
            switch ($level) {
                1 {
                    if ($null -ne $doc.Title) { Add-Problem "${fileName}:$number" "a second '# ' title ('$text'); a file documents one cmdlet." }
                    else { $doc.Title = $text; $doc.TitleLine = $number }
                    $section = $null; $entry = $null
                }
                2 {
                    $name = $text.ToUpperInvariant()
                    if ($name -notin $KnownSections) {
                        Add-Problem "${fileName}:$number" "unknown section '## $text'. Sections are: $($KnownSections -join ', ')."
                        $section = [pscustomobject]@{ Name = $name; Line = $number; Lines = [System.Collections.Generic.List[object]]::new(); Entries = [System.Collections.Generic.List[object]]::new() }
                    }
                    elseif ($doc.Sections.Contains($name)) {
                        Add-Problem "${fileName}:$number" "section '## $text' appears twice (first at line $($doc.Sections[$name].Line))."
                        $section = $doc.Sections[$name]
                    }
                    else {
                        $section = [pscustomobject]@{ Name = $name; Line = $number; Lines = [System.Collections.Generic.List[object]]::new(); Entries = [System.Collections.Generic.List[object]]::new() }
                        $doc.Sections[$name] = $section
                    }
                    $entry = $null
                }
                3 {
                    if ($null -eq $section) { Add-Problem "${fileName}:$number" "'### $text' is not inside a '## ' section." }
                    else {
                        $entry = [pscustomobject]@{ Title = $text; Line = $number; Lines = [System.Collections.Generic.List[object]]::new() }
                        $section.Entries.Add($entry)
                    }
                }
                default { Add-Problem "${fileName}:$number" "headings deeper than '###' are not part of the help format ('$($Matches[1]) $text')." }
            }
            continue
        }

        $item = [pscustomobject]@{ Number = $number; Text = $line }
        if ($null -ne $entry) { $entry.Lines.Add($item) }
        elseif ($null -ne $section) { $section.Lines.Add($item) }
        elseif ($line.Trim() -ne '') {
            if ($null -eq $doc.Title) { Add-Problem "${fileName}:$number" "text before the '# Cmdlet-Name' title." }
            else { Add-Problem "${fileName}:$number" "text between the title and the first '## ' section." }
        }
    }
    if ($inFence) { Add-Problem $fileName "a code fence ($fenceMarker) is never closed." }
    if ($inComment) { Add-Problem $fileName "an HTML comment (<!--) is never closed." }
    return $doc
}

<#
Groups content lines into blocks: Para (lines joined), List (items), Code (verbatim lines).
A blank line ends a paragraph or list; a code fence is one block whatever it holds.
#>
function Get-MarkdownBlocks($Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null
    foreach ($item in $Lines) {
        $text = $item.Text
        if ($null -ne $fence) {
            $trimmed = $text.Trim()
            if ($trimmed.StartsWith($fence.Marker) -and $trimmed.Trim($fence.Marker[0]) -eq '') { $fence = $null; continue }
            # Keep the code's own indentation, relative to the fence's.
            $fence.Block.Lines.Add($(if ($text.Length -ge $fence.Indent -and $text.Substring(0, $fence.Indent).Trim() -eq '') { $text.Substring($fence.Indent) } else { $text.TrimStart() }))
            continue
        }
        if ($text -match '^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)') {
            $block = [pscustomobject]@{ Kind = 'Code'; Line = $item.Number; Language = $Matches[3]; Lines = [System.Collections.Generic.List[string]]::new() }
            $blocks.Add($block)
            $fence = @{ Marker = $Matches[2]; Indent = $Matches[1].Length; Block = $block }
            $current = $null
            continue
        }
        if ($text.Trim() -eq '') { $current = $null; continue }
        if ($text -match '^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$') {
            $marker = $Matches[1]
            $itemText = $Matches[2].Trim()
            if ($null -eq $current -or $current.Kind -ne 'List') {
                $current = [pscustomobject]@{ Kind = 'List'; Line = $item.Number; Items = [System.Collections.Generic.List[object]]::new() }
                $blocks.Add($current)
            }
            if (-not [char]::IsDigit($marker[0])) { $marker = '-' }
            $current.Items.Add([pscustomobject]@{ Marker = $marker; Text = $itemText; Line = $item.Number })
            continue
        }
        if ($null -ne $current -and $current.Kind -eq 'List') {
            $last = $current.Items[$current.Items.Count - 1]
            $last.Text = $last.Text + ' ' + $text.Trim()
            continue
        }
        if ($null -eq $current) {
            $current = [pscustomobject]@{ Kind = 'Para'; Line = $item.Number; Text = $text.Trim() }
            $blocks.Add($current)
        }
        else {
            $current.Text = $current.Text + ' ' + $text.Trim()
        }
    }
    return , $blocks
}

# Inline markdown to plain text: code spans lose their backticks, links become "text (url)", emphasis markers and escapes go.
function ConvertFrom-MarkdownInline([string] $Text) {
    $builder = [System.Text.StringBuilder]::new()
    $position = 0
    foreach ($match in [regex]::Matches($Text, '(?<ticks>`+)(?<code>.+?)\k<ticks>(?!`)')) {
        [void]$builder.Append((ConvertFrom-MarkdownProse $Text.Substring($position, $match.Index - $position)))
        $code = $match.Groups['code'].Value
        if ($match.Groups['ticks'].Length -gt 1) { $code = $code.Trim() }
        [void]$builder.Append($code)
        $position = $match.Index + $match.Length
    }
    [void]$builder.Append((ConvertFrom-MarkdownProse $Text.Substring($position)))
    return $builder.ToString()
}

function ConvertFrom-MarkdownProse([string] $Text) {
    $Text = $Text -replace '\[(?<text>[^\]]+)\]\((?<url>https?://[^)\s]+)\)', '${text} (${url})'
    $Text = $Text -replace '\[(?<text>[^\]]+)\]\([^)\s]+\)', '${text}'
    $Text = $Text -replace '<(?<url>https?://[^>\s]+)>', '${url}'
    $Text = $Text -replace '(?<![\\\w])(\*\*|__)(?=\S)(?<inner>.+?)(?<=\S)\1', '${inner}'
    $Text = $Text -replace '\\(?<c>[\\`*_{}\[\]()#+.!<>|-])', '${c}'
    return $Text
}

# Greedy word wrap; a word longer than the width (a URL, say) stays whole on its own line.
function Format-Wrapped([string] $Text, [int] $Width, [string] $FirstPrefix = '', [string] $NextPrefix = '') {
    if ($Width -le 0) { return $FirstPrefix + $Text }
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $FirstPrefix
    $lineHasWord = $false
    foreach ($word in $Text.Split([char[]]" `t`n", [System.StringSplitOptions]::RemoveEmptyEntries)) {
        if ($lineHasWord -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = $NextPrefix + $word
        }
        elseif ($lineHasWord) { $line = $line + ' ' + $word }
        else { $line = $line + $word }
        $lineHasWord = $true
    }
    $lines.Add($line)
    return ($lines -join "`n")
}

# One <maml:para> text per block, wrapped for the indentation that Get-Help gives this kind of text.
function ConvertTo-Paragraphs($Blocks, [int] $Indent) {
    $width = if ($LineWidth -gt 0) { [Math]::Max(20, $LineWidth - $Indent) } else { 0 }
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Para' { $paragraphs.Add((Format-Wrapped (ConvertFrom-MarkdownInline $block.Text) $width)) }
            'List' {
                $items = foreach ($listItem in $block.Items) {
                    $prefix = $listItem.Marker + ' '
                    Format-Wrapped (ConvertFrom-MarkdownInline $listItem.Text) $width $prefix (' ' * $prefix.Length)
                }
                $paragraphs.Add(($items -join "`n"))
            }
            # Verbatim; Get-Help trims a paragraph's leading white space, so the code is not indented further.
            'Code' { $paragraphs.Add(($block.Lines -join "`n")) }
        }
    }
    return , $paragraphs
}

function Test-HasText($Paragraphs) {
    foreach ($p in $Paragraphs) { if ($p.Trim() -ne '') { return $true } }
    return $false
}

#endregion

#region Cmdlet metadata

# Type names as PowerShell's own help shows them: short in syntax (String[], Int32), full in the type entry.
function Get-ShortTypeName([type] $Type) {
    if ($Type.IsArray) { return (Get-ShortTypeName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($null -ne $underlying) { return Get-ShortTypeName $underlying }
    if ($Type.IsGenericType) {
        return ($Type.Name -replace '`\d+$', '') + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-ShortTypeName $_ }) -join ', ') + ']'
    }
    return $Type.Name
}

function Get-FullTypeName([type] $Type) {
    if ($Type.IsArray) { return (Get-FullTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        return ($Type.GetGenericTypeDefinition().FullName -replace '`\d+$', '') + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-FullTypeName $_ }) -join ', ') + ']'
    }
    return $Type.FullName
}

function Test-IsSwitch([type] $Type) { $Type -eq [System.Management.Automation.SwitchParameter] }

# The parameters Get-Help should show: none of the common ones, except WhatIf and Confirm where the cmdlet has them.
function Test-IsDocumentedParameter([string] $Name) {
    if ([System.Management.Automation.Cmdlet]::CommonParameters.Contains($Name)) { return $false }
    if ([System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains($Name)) { return $Name -in $ShouldProcessParameters }
    return $true
}

# The value a parameter has when not given: read from a fresh instance of the cmdlet class.
function Get-DefaultValueText($Instance, [string] $Name) {
    if ($Name -in $ShouldProcessParameters) { return 'False' }
    $value = $null
    if ($null -ne $Instance) {
        $flags = [System.Reflection.BindingFlags]'Public, Instance'
        $property = $Instance.GetType().GetProperty($Name, $flags)
        if ($null -ne $property -and $property.CanRead) { $value = $property.GetValue($Instance) }
        else {
            $field = $Instance.GetType().GetField($Name, $flags)
            if ($null -ne $field) { $value = $field.GetValue($Instance) }
        }
    }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return [string]$value.IsPresent }
    if ($null -eq $value) { return 'None' }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
        $items = @($value | ForEach-Object { [System.Convert]::ToString($_, [cultureinfo]::InvariantCulture) })
        if ($items.Count -eq 0) { return 'None' }
        return $items -join ', '
    }
    return [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
}

# Values the parameter accepts, from ValidateSet or an enum type; $null when any value of the type goes.
function Get-AcceptedValues($Attributes, [type] $Type) {
    foreach ($attribute in $Attributes) {
        if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { return , @($attribute.ValidValues) }
    }
    $elementType = if ($Type.IsArray) { $Type.GetElementType() } else { $Type }
    $underlying = [Nullable]::GetUnderlyingType($elementType)
    if ($null -ne $underlying) { $elementType = $underlying }
    if ($elementType.IsEnum -and -not $elementType.IsDefined([System.FlagsAttribute], $false)) { return , @([enum]::GetNames($elementType)) }
    return $null
}

# Constraints from validation attributes, as sentences added after the markdown description.
function Get-ConstraintParagraphs($Attributes, $AcceptedValues) {
    $sentences = [System.Collections.Generic.List[string]]::new()
    foreach ($attribute in $Attributes) {
        if ($attribute -is [System.Management.Automation.ValidateRangeAttribute] -and $null -ne $attribute.MinRange -and $null -ne $attribute.MaxRange) {
            $sentences.Add("Valid range: $($attribute.MinRange) to $($attribute.MaxRange).")
        }
        elseif ($attribute -is [System.Management.Automation.ValidateLengthAttribute]) {
            $sentences.Add("Length: $($attribute.MinLength) to $($attribute.MaxLength) characters.")
        }
        elseif ($attribute -is [System.Management.Automation.ValidateCountAttribute]) {
            $sentences.Add("Number of values: $($attribute.MinLength) to $($attribute.MaxLength).")
        }
    }
    if ($null -ne $AcceptedValues) { $sentences.Add("Accepted values: $($AcceptedValues -join ', ').") }
    return , $sentences
}

<#
Everything the help needs to know about one cmdlet from its metadata: syntax items (one per
parameter set, default set first, parameters in the order Get-Command -Syntax uses) and one merged
entry per documented parameter.
#>
function Get-CmdletFacts([System.Management.Automation.CmdletInfo] $Command) {
    $instance = $null
    try { $instance = [System.Activator]::CreateInstance($Command.ImplementingType) } catch { Write-Verbose "Cannot create $($Command.ImplementingType) to read defaults: $_" }

    # Plain loops rather than pipelines here: this runs for every parameter of every cmdlet, and the build should take a second.
    $sets = [System.Collections.Generic.List[object]]::new()
    foreach ($set in $Command.ParameterSets) { if ($set.IsDefault) { $sets.Insert(0, $set) } else { $sets.Add($set) } }

    $syntax = [System.Collections.Generic.List[object]]::new()
    $parameterFacts = [ordered]@{}
    foreach ($set in $sets) {
        $positional = [System.Collections.Generic.SortedList[int, object]]::new()
        $named = [System.Collections.Generic.List[object]]::new()
        $shouldProcess = [System.Collections.Generic.List[object]]::new()
        foreach ($p in $set.Parameters) {
            if (-not (Test-IsDocumentedParameter $p.Name)) { continue }
            if ($p.Position -ge 0) { $positional.Add($p.Position, $p) }
            elseif ($p.Name -in $ShouldProcessParameters) { $shouldProcess.Insert([Math]::Min($shouldProcess.Count, [array]::IndexOf($ShouldProcessParameters, $p.Name)), $p) }
            else { $named.Add($p) }

            $fact = $parameterFacts[$p.Name]
            if ($null -eq $fact) {
                $accepted = Get-AcceptedValues $p.Attributes $p.ParameterType
                $globbing = $false
                foreach ($attribute in $p.Attributes) { if ($attribute -is [System.Management.Automation.SupportsWildcardsAttribute]) { $globbing = $true } }
                $fact = [pscustomobject]@{
                    Name           = $p.Name
                    Type           = $p.ParameterType
                    Aliases        = @($p.Aliases)
                    Globbing       = $globbing
                    Default        = Get-DefaultValueText $instance $p.Name
                    AcceptedValues = $accepted
                    Constraints    = Get-ConstraintParagraphs $p.Attributes $accepted
                    PerSet         = [System.Collections.Generic.List[object]]::new()
                    Required       = $null
                    Position       = $null
                    PipelineInput  = $null
                }
                $parameterFacts[$p.Name] = $fact
            }
            $fact.PerSet.Add([pscustomobject]@{ Set = $set.Name; Parameter = $p })
        }
        $ordered = [System.Collections.Generic.List[object]]::new()
        $ordered.AddRange([object[]]$positional.Values)
        $ordered.AddRange($named)
        $ordered.AddRange($shouldProcess)
        $syntax.Add([pscustomobject]@{ Name = $set.Name; Parameters = $ordered })
    }
    if ($instance -is [System.IDisposable]) { $instance.Dispose() }

    foreach ($fact in $parameterFacts.Values) {
        $mandatoryIn = [System.Collections.Generic.List[string]]::new()
        $positions = [System.Collections.Generic.List[string]]::new()
        $byValue = $byName = $remaining = $false
        foreach ($entry in $fact.PerSet) {
            $p = $entry.Parameter
            if ($p.IsMandatory) { $mandatoryIn.Add($entry.Set) }
            $positions.Add("$(Get-PositionText $p) ($($entry.Set))")
            $byValue = $byValue -or $p.ValueFromPipeline
            $byName = $byName -or $p.ValueFromPipelineByPropertyName
            $remaining = $remaining -or $p.ValueFromRemainingArguments
        }
        # Get-Help reads "required" as a boolean: true only when every set requires it; a sentence names the sets that do.
        $requiredEverywhere = $mandatoryIn.Count -eq $fact.PerSet.Count
        $fact.Required = if ($requiredEverywhere) { 'true' } else { 'false' }
        if ($mandatoryIn.Count -gt 0 -and -not $requiredEverywhere) {
            $fact.Constraints.Insert(0, "Required in the $($mandatoryIn -join ', ') parameter set$(if ($mandatoryIn.Count -gt 1) { 's' }).")
        }
        # A value the cmdlet starts with means nothing for a parameter that must always be given.
        if ($requiredEverywhere) { $fact.Default = 'None' }
        # One position when all sets agree, else "position (SetName), ...".
        $distinct = @($fact.PerSet | ForEach-Object { Get-PositionText $_.Parameter } | Select-Object -Unique)
        $fact.Position = if ($distinct.Count -eq 1) { $distinct[0] } else { $positions -join ', ' }
        $fact.PipelineInput = Get-PipelineText $byValue $byName $remaining
    }
    return [pscustomobject]@{ Syntax = $syntax; Parameters = $parameterFacts }
}

function Get-PositionText($Parameter) { if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' } }

function Get-PipelineText([bool] $ByValue, [bool] $ByName, [bool] $Remaining) {
    $kinds = @()
    if ($ByValue) { $kinds += 'ByValue' }
    if ($ByName) { $kinds += 'ByPropertyName' }
    if ($Remaining) { $kinds += 'FromRemainingArguments' }
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

#endregion

#region Checking the markdown against the cmdlet

function Get-SectionBlocks($Doc, [string] $Name) {
    if (-not $Doc.Sections.Contains($Name)) { return , [System.Collections.Generic.List[object]]::new() }
    return , (Get-MarkdownBlocks $Doc.Sections[$Name].Lines)
}

# Reads one cmdlet's markdown into the pieces of its help, adding a problem for each gap.
function Get-CmdletHelpContent([System.Management.Automation.CmdletInfo] $Command, $Doc, $Facts) {
    $file = $Doc.File
    $name = $Command.Name
    if ($null -eq $Doc.Title) { Add-Problem $file "no '# $name' title." }
    elseif ($Doc.Title -cne $name) { Add-Problem "${file}:$($Doc.TitleLine)" "the title is '$($Doc.Title)' but the file documents $name." }

    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $Doc.Sections.Contains($required)) { Add-Problem $file "no '## $required' section." }
    }
    foreach ($section in $Doc.Sections.Values) {
        $hasEntries = $section.Name -in 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS'
        if (-not $hasEntries -and $section.Entries.Count -gt 0) {
            Add-Problem "${file}:$($section.Entries[0].Line)" "'## $($section.Name)' takes no '###' entries."
        }
        if ($hasEntries) {
            $stray = @($section.Lines | Where-Object { $_.Text.Trim() -ne '' } | Select-Object -First 1)
            if ($stray.Count -gt 0) { Add-Problem "${file}:$($stray[0].Number)" "text directly under '## $($section.Name)'; put it under a '###' entry." }
        }
    }

    # Synopsis: one paragraph, kept on one line because Get-Help lists show it in a table.
    $synopsis = ''
    $blocks = Get-SectionBlocks $Doc 'SYNOPSIS'
    if ($blocks.Count -eq 0 -and $Doc.Sections.Contains('SYNOPSIS')) { Add-Problem "${file}:$($Doc.Sections['SYNOPSIS'].Line)" 'the synopsis is empty.' }
    elseif ($blocks.Count -gt 1 -or ($blocks.Count -eq 1 -and $blocks[0].Kind -ne 'Para')) { Add-Problem "${file}:$($Doc.Sections['SYNOPSIS'].Line)" 'the synopsis must be a single paragraph of plain text.' }
    elseif ($blocks.Count -eq 1) { $synopsis = ConvertFrom-MarkdownInline $blocks[0].Text }

    $description = ConvertTo-Paragraphs (Get-SectionBlocks $Doc 'DESCRIPTION') $Indent.Description
    if ($Doc.Sections.Contains('DESCRIPTION') -and -not (Test-HasText $description)) { Add-Problem "${file}:$($Doc.Sections['DESCRIPTION'].Line)" 'the description is empty.' }

    # Examples: a title, the code (the first fence), then remarks (prose, and further fences such as output).
    $examples = [System.Collections.Generic.List[object]]::new()
    if ($Doc.Sections.Contains('EXAMPLES')) {
        $section = $Doc.Sections['EXAMPLES']
        if ($section.Entries.Count -eq 0) { Add-Problem "${file}:$($section.Line)" "no examples; add '### Example 1: ...' entries." }
        foreach ($entry in $section.Entries) {
            $exampleBlocks = Get-MarkdownBlocks $entry.Lines
            $where = "${file}:$($entry.Line)"
            if ($exampleBlocks.Count -eq 0 -or $exampleBlocks[0].Kind -ne 'Code') { Add-Problem $where "example '$($entry.Title)' must start with a code fence, followed by its remarks."; continue }
            $code = ($exampleBlocks[0].Lines -join "`n").Trim("`n")
            if ($code.Trim() -eq '') { Add-Problem $where "example '$($entry.Title)' has empty code." }
            $room = $LineWidth - $Indent.Example
            if ($LineWidth -gt 0) {
                foreach ($codeLine in $exampleBlocks[0].Lines) {
                    if ($codeLine.Length -gt $room) { Write-Warning "${where}: a code line of example '$($entry.Title)' is $($codeLine.Length) characters long; Get-Help wraps it after $room." }
                }
            }
            $rest = [System.Collections.Generic.List[object]]::new()
            for ($i = 1; $i -lt $exampleBlocks.Count; $i++) { $rest.Add($exampleBlocks[$i]) }
            $remarks = ConvertTo-Paragraphs $rest $Indent.Example
            if (-not (Test-HasText $remarks)) { Add-Problem $where "example '$($entry.Title)' has no remarks saying what it does." }
            $examples.Add([pscustomobject]@{ Title = ConvertFrom-MarkdownInline $entry.Title; Code = $code; Remarks = $remarks })
        }
    }

    # Parameters: every parameter Get-Help shows needs a description (WhatIf and Confirm have a standard one).
    $parameterText = [ordered]@{}
    if ($Doc.Sections.Contains('PARAMETERS')) {
        foreach ($entry in $Doc.Sections['PARAMETERS'].Entries) {
            $where = "${file}:$($entry.Line)"
            if ($entry.Title -notmatch '^-(\w+)$') { Add-Problem $where "parameter heading '### $($entry.Title)' must be '### -ParameterName'."; continue }
            $parameterName = $Matches[1]
            $fact = if ($Facts.Parameters.Contains($parameterName)) { $Facts.Parameters[$parameterName] } else { $null }
            if ($null -eq $fact) {
                # Not an error: the help stays true without it, and a description may land before its parameter does.
                Write-Warning "${where}: -$parameterName is documented but $name has no such parameter; the entry is left out."
                continue
            }
            if ($fact.Name -cne $parameterName) { Add-Problem $where "write -$($fact.Name), as the cmdlet spells it, not -$parameterName." }
            if ($parameterText.Contains($fact.Name)) { Add-Problem $where "-$($fact.Name) is documented twice."; continue }
            $paragraphs = ConvertTo-Paragraphs (Get-MarkdownBlocks $entry.Lines) $Indent.Parameter
            if (-not (Test-HasText $paragraphs)) { Add-Problem $where "-$($fact.Name) has no description." }
            $parameterText[$fact.Name] = $paragraphs
        }
    }
    foreach ($fact in $Facts.Parameters.Values) {
        if ($parameterText.Contains($fact.Name)) { continue }
        if ($DefaultDescriptions.ContainsKey($fact.Name)) {
            $parameterText[$fact.Name] = ConvertTo-Paragraphs @([pscustomobject]@{ Kind = 'Para'; Text = $DefaultDescriptions[$fact.Name] }) $Indent.Parameter
        }
        elseif ($Doc.Sections.Contains('PARAMETERS')) {
            Add-Problem $file "-$($fact.Name) is not documented; add '### -$($fact.Name)' with a description under '## PARAMETERS'."
        }
    }

    $inputs = Get-TypeEntries $Doc 'INPUTS'
    $outputs = Get-TypeEntries $Doc 'OUTPUTS'
    # The declared output types must be documented when outputs are written by hand.
    if ($null -ne $outputs) {
        foreach ($declared in $Command.OutputType) {
            $declaredName = $declared.Name
            $found = @($outputs | Where-Object { $_.Name -eq $declaredName -or ($null -ne $declared.Type -and $_.Name -eq $declared.Type.Name) }).Count -gt 0
            if (-not $found) { Add-Problem "${file}:$($Doc.Sections['OUTPUTS'].Line)" "the cmdlet declares output type $declaredName, which '## OUTPUTS' does not list." }
        }
    }

    $notes = ConvertTo-Paragraphs (Get-SectionBlocks $Doc 'NOTES') $Indent.Notes

    $links = [System.Collections.Generic.List[object]]::new()
    foreach ($block in (Get-SectionBlocks $Doc 'RELATED LINKS')) {
        if ($block.Kind -ne 'List') { Add-Problem "${file}:$($block.Line)" "related links must be a bullet list ('- [Text](url)' or '- Cmdlet-Name')."; continue }
        foreach ($listItem in $block.Items) {
            if ($listItem.Text -match '^\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)$') {
                $url = $Matches['url']
                $links.Add([pscustomobject]@{ Text = ConvertFrom-MarkdownInline $Matches['text']; Uri = $(if ($url -match '^https?://') { $url } else { '' }) })
            }
            else { $links.Add([pscustomobject]@{ Text = ConvertFrom-MarkdownInline $listItem.Text; Uri = '' }) }
        }
    }

    return [pscustomobject]@{
        Synopsis = $synopsis; Description = $description; Examples = $examples; ParameterText = $parameterText
        Inputs = $inputs; Outputs = $outputs; Notes = $notes; Links = $links
    }
}

# '### TypeName' entries with their descriptions; $null when the section is absent (the metadata then speaks).
function Get-TypeEntries($Doc, [string] $Name) {
    if (-not $Doc.Sections.Contains($Name)) { return $null }
    $section = $Doc.Sections[$Name]
    if ($section.Entries.Count -eq 0) { Add-Problem "$($Doc.File):$($section.Line)" "'## $Name' lists no types; add '### TypeName' entries (or '### None')." }
    $entries = foreach ($entry in $section.Entries) {
        [pscustomobject]@{ Name = ConvertFrom-MarkdownInline $entry.Title; Paragraphs = ConvertTo-Paragraphs (Get-MarkdownBlocks $entry.Lines) $Indent.TypeEntry }
    }
    return , @($entries)
}

#endregion

#region MAML writing

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, $Paragraphs) {
    foreach ($text in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNs, $text) }
}

function Write-Description([System.Xml.XmlWriter] $Writer, $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $MamlNs)
    Write-Paragraphs $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-ParameterElement([System.Xml.XmlWriter] $Writer, $Fact, [string] $Required, [string] $Position, [string] $PipelineInput, $Paragraphs, [switch] $InSyntax) {
    $isSwitch = Test-IsSwitch $Fact.Type
    $Writer.WriteStartElement('command', 'parameter', $CommandNs)
    $Writer.WriteAttributeString('required', $Required)
    $Writer.WriteAttributeString('variableLength', $(if ($Fact.Type.IsArray) { 'true' } else { 'false' }))
    $Writer.WriteAttributeString('globbing', $(if ($Fact.Globbing) { 'true' } else { 'false' }))
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $(if ($Fact.Aliases.Count -gt 0) { $Fact.Aliases -join ', ' } else { 'None' }))
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Fact.Name)
    if (-not $InSyntax) { Write-Description $Writer $Paragraphs }
    if ($InSyntax -and $null -ne $Fact.AcceptedValues) {
        # Shown by Get-Help as -Name {A | B | C}.
        $Writer.WriteStartElement('command', 'parameterValueGroup', $CommandNs)
        foreach ($value in $Fact.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $CommandNs, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', $(if ($Fact.Type.IsArray) { 'true' } else { 'false' }))
        $Writer.WriteString((Get-ShortTypeName $Fact.Type))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $DevNs)
    $Writer.WriteElementString('maml', 'name', $MamlNs, (Get-FullTypeName $Fact.Type))
    $Writer.WriteElementString('maml', 'uri', $MamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNs, $Fact.Default)
    $Writer.WriteEndElement()
}

function Write-TypeEntries([System.Xml.XmlWriter] $Writer, [string] $ListElement, [string] $ItemElement, $Entries) {
    $Writer.WriteStartElement('command', $ListElement, $CommandNs)
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $ItemElement, $CommandNs)
        $Writer.WriteStartElement('dev', 'type', $DevNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $entry.Name)
        $Writer.WriteEndElement()
        Write-Description $Writer $entry.Paragraphs
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# "----- Example 1: Title -----", centred in a banner of the console's width, as in PowerShell's own help.
function Format-ExampleTitle([string] $Title) {
    $room = if ($LineWidth -gt 0) { $LineWidth - $Indent.Example } else { 80 }
    $dashes = [Math]::Floor(($room - $Title.Length - 2) / 2)
    if ($dashes -lt 2) { return $Title }
    $side = '-' * $dashes
    return "$side $Title $side"
}

function Write-CommandHelp([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, $Facts, $Content) {
    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)

    $Writer.WriteStartElement('command', 'details', $CommandNs)
    $Writer.WriteElementString('command', 'name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNs, $Command.Noun)
    Write-Description $Writer @($Content.Synopsis)
    $Writer.WriteEndElement()

    Write-Description $Writer $Content.Description

    $Writer.WriteStartElement('command', 'syntax', $CommandNs)
    foreach ($item in $Facts.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $Command.Name)
        foreach ($p in $item.Parameters) {
            $fact = $Facts.Parameters[$p.Name]
            Write-ParameterElement $Writer $fact $(if ($p.IsMandatory) { 'true' } else { 'false' }) (Get-PositionText $p) `
            (Get-PipelineText $p.ValueFromPipeline $p.ValueFromPipelineByPropertyName $p.ValueFromRemainingArguments) @() -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Parameters in the order the markdown gives them, then any described by default (WhatIf, Confirm).
    $Writer.WriteStartElement('command', 'parameters', $CommandNs)
    foreach ($parameterName in $Content.ParameterText.Keys) {
        $fact = $Facts.Parameters[$parameterName]
        $paragraphs = [System.Collections.Generic.List[string]]::new()
        foreach ($p in $Content.ParameterText[$parameterName]) { $paragraphs.Add($p) }
        foreach ($sentence in $fact.Constraints) { $paragraphs.Add($sentence) }
        Write-ParameterElement $Writer $fact $fact.Required $fact.Position $fact.PipelineInput $paragraphs
    }
    $Writer.WriteEndElement()

    $inputs = $Content.Inputs
    if ($null -eq $inputs) {
        $inputs = @($Facts.Parameters.Values | Where-Object { $_.PipelineInput -ne 'False' } | ForEach-Object {
                [pscustomobject]@{ Name = Get-FullTypeName $_.Type; Paragraphs = @("You can pipe values for -$($_.Name) to this cmdlet.") } })
        if ($inputs.Count -eq 0) { $inputs = @([pscustomobject]@{ Name = 'None'; Paragraphs = @('This cmdlet takes no pipeline input.') }) }
    }
    Write-TypeEntries $Writer 'inputTypes' 'inputType' $inputs

    $outputs = $Content.Outputs
    if ($null -eq $outputs) {
        $outputs = @($Command.OutputType | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Paragraphs = @() } })
    }
    Write-TypeEntries $Writer 'returnValues' 'returnValue' $outputs

    if (Test-HasText $Content.Notes) {
        $Writer.WriteStartElement('maml', 'alertSet', $MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $MamlNs)
        Write-Paragraphs $Writer $Content.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $CommandNs)
    foreach ($example in $Content.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNs)
        $Writer.WriteElementString('maml', 'title', $MamlNs, (Format-ExampleTitle $example.Title))
        $Writer.WriteElementString('dev', 'code', $DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNs)
        Write-Paragraphs $Writer $example.Remarks
        # An empty paragraph keeps the next example's title off this one's last line.
        $Writer.WriteElementString('maml', 'para', $MamlNs, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNs)
    foreach ($link in $Content.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

$resolve = { param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p) }
$ModulePath = & $resolve $ModulePath
$MarkdownPath = & $resolve $MarkdownPath
$OutputPath = & $resolve $OutputPath
if (-not (Test-Path -LiteralPath $MarkdownPath -PathType Container)) { throw "The markdown folder '$MarkdownPath' does not exist." }

# The manifest named after the folder, else the folder's only manifest (a test copy may live in any folder).
$manifest = Join-Path $ModulePath ((Split-Path $ModulePath -Leaf) + '.psd1')
if (-not (Test-Path -LiteralPath $manifest)) {
    $candidates = @(Get-ChildItem -LiteralPath $ModulePath -Filter *.psd1 -File)
    if ($candidates.Count -ne 1) { throw "Cannot tell which module to document: '$ModulePath' should hold exactly one module manifest (.psd1)." }
    $manifest = $candidates[0].FullName
}
$module = Import-Module $manifest -PassThru -Force -DisableNameChecking
$commands = @($module.ExportedCmdlets.Values | Sort-Object Name)
if ($commands.Count -eq 0) { throw "The module at '$ModulePath' exports no cmdlets; there is nothing to document." }

# Compare names exactly: on Linux a file whose case differs would never be found.
$markdownFiles = @{}
foreach ($file in Get-ChildItem -LiteralPath $MarkdownPath -Filter *.md -File) { $markdownFiles[$file.BaseName] = $file }

$compiled = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $file = $markdownFiles[$command.Name]
    if ($null -eq $file) {
        Add-Problem "$($command.Name).md" "$($command.Name) is exported but has no help; create $(Join-Path $MarkdownPath "$($command.Name).md") (see README.md there)."
        continue
    }
    if ($file.BaseName -cne $command.Name) { Add-Problem $file.Name "rename to $($command.Name).md (the case must match the cmdlet name)." }
    $doc = Read-HelpMarkdown $file.FullName
    $facts = Get-CmdletFacts $command
    $content = Get-CmdletHelpContent $command $doc $facts
    $compiled.Add([pscustomobject]@{ Command = $command; Facts = $facts; Content = $content })
}
$documented = @($commands | ForEach-Object Name)
foreach ($name in $markdownFiles.Keys) {
    if ($name -ne 'README' -and $name -notin $documented) { Write-Warning "$name.md documents no exported cmdlet of $($module.Name); it is not compiled." }
}

if ($script:Problems.Count -gt 0) {
    # One clean line per problem on stderr; the exception itself stays one line, as console error views re-wrap messages.
    [Console]::Error.WriteLine("Help for $($module.Name) cannot be built. Fix the markdown in ${MarkdownPath}:")
    foreach ($problem in $script:Problems) { [Console]::Error.WriteLine("  $problem") }
    throw "Help for $($module.Name) cannot be built: $($script:Problems.Count) problem(s) in the markdown, listed above."
}

$directory = Split-Path $OutputPath -Parent
if (-not (Test-Path -LiteralPath $directory)) { New-Item -ItemType Directory -Path $directory -Force | Out-Null }
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$temporary = "$OutputPath.tmp"
$writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($item in $compiled) { Write-CommandHelp $writer $item.Command $item.Facts $item.Content }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
Move-Item -LiteralPath $temporary -Destination $OutputPath -Force
Write-Host "Help for $($compiled.Count) cmdlet(s) written to $OutputPath"
