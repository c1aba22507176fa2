# Every command the module exports has real help: compiled from src/Qianfan/Help by tools/Build-Help.ps1,
# complete, and true to the cmdlet's own metadata. Commands added later are covered without editing this file.

BeforeDiscovery {
    Import-Module $env:QIANFAN_TEST_MODULE -Force

    # The parameters Get-Help must describe: all but the common ones, plus WhatIf and Confirm where present.
    $commands = foreach ($command in Get-Command -Module Qianfan -CommandType Cmdlet, Function) {
        $parameters = @($command.Parameters.Keys | Where-Object {
                -not [System.Management.Automation.Cmdlet]::CommonParameters.Contains($_) -and
                (-not [System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains($_) -or $_ -in 'WhatIf', 'Confirm')
            } | Sort-Object)
        @{ Name = $command.Name; Parameters = $parameters }
    }
}

BeforeAll {
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $module = Get-Module Qianfan
    $helpPath = Join-Path $module.ModuleBase 'en-US/Qianfan.dll-Help.xml'

    function Get-DocumentedParameterNames($Parameters) {
        @($Parameters | Where-Object {
                -not [System.Management.Automation.Cmdlet]::CommonParameters.Contains($_.Name) -and
                (-not [System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains($_.Name) -or $_.Name -in 'WhatIf', 'Confirm')
            } | ForEach-Object Name | Sort-Object)
    }

    function Get-Text($Paragraphs) { (@($Paragraphs | ForEach-Object { $_.Text }) -join "`n").Trim() }
}

Describe 'The help file' {
    It 'is at en-US/Qianfan.dll-Help.xml, the name PowerShell looks for' {
        $helpPath | Should -Exist
        # Linux file names are case-sensitive: the file must be named exactly as the cmdlets expect.
        foreach ($command in Get-Command -Module Qianfan -CommandType Cmdlet) {
            $command.HelpFile | Should -BeExactly 'Qianfan.dll-Help.xml'
        }
        (Get-ChildItem (Split-Path $helpPath) -Filter *.xml).Name | Should -Contain 'Qianfan.dll-Help.xml'
    }

    It 'is well-formed UTF-8 XML without a byte order mark' {
        $bytes = [System.IO.File]::ReadAllBytes($helpPath)
        $bytes[0..4] | Should -Be ([System.Text.Encoding]::ASCII.GetBytes('<?xml'))
        $document = [System.Xml.XmlDocument]::new()
        { $document.Load($helpPath) } | Should -Not -Throw
        $document.DocumentElement.LocalName | Should -Be 'helpItems'
        $document.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
    }

    It 'has exactly one entry per exported cmdlet' {
        $document = [System.Xml.XmlDocument]::new()
        $document.Load($helpPath)
        $namespaces = [System.Xml.XmlNamespaceManager]::new($document.NameTable)
        $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names = @($document.SelectNodes('//command:command/command:details/command:name', $namespaces) | ForEach-Object { $_.InnerText.Trim() })
        $names | Sort-Object | Should -Be (Get-Command -Module Qianfan -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
    }
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'comes from the help file, not generated from the syntax' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without help, PowerShell uses the syntax as the synopsis: it starts with the command name.
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name*"
        $help.Synopsis | Should -Not -Match '\n'
    }

    It 'has a description' {
        Get-Text $help.description | Should -Not -BeNullOrEmpty
    }

    It 'describes -<_>' -ForEach $Parameters {
        $parameter = @($help.parameters.parameter | Where-Object name -EQ $_)
        $parameter.Count | Should -Be 1 -Because "-$_ should appear once in the PARAMETERS of Get-Help $Name"
        Get-Text $parameter[0].description | Should -Not -BeNullOrEmpty -Because "-$_ needs a description"
    }

    It 'describes no parameter the command lacks' {
        @($help.parameters.parameter | ForEach-Object name | Sort-Object) | Should -Be $Parameters
    }

    It 'states parameter facts as the cmdlet metadata has them' {
        foreach ($entry in $help.parameters.parameter) {
            $metadata = $command.Parameters[$entry.name]
            $inSets = @($metadata.ParameterSets.Values)
            $expectRequired = @($inSets | Where-Object IsMandatory).Count -eq $inSets.Count
            $entry.required | Should -Be $expectRequired.ToString().ToLowerInvariant() -Because "-$($entry.name) required"
            $byValue = @($inSets | Where-Object ValueFromPipeline).Count -gt 0
            $byName = @($inSets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
            $entry.pipelineInput -like 'True*' | Should -Be ($byValue -or $byName) -Because "-$($entry.name) pipeline input"
            $entry.pipelineInput -like '*ByValue*' | Should -Be $byValue -Because "-$($entry.name) by value"
            $entry.pipelineInput -like '*ByPropertyName*' | Should -Be $byName -Because "-$($entry.name) by property name"
            $aliases = if ($metadata.Aliases.Count -gt 0) { $metadata.Aliases -join ', ' } else { 'None' }
            $entry.aliases | Should -Be $aliases -Because "-$($entry.name) aliases"
            if ($inSets.Count -eq 1) {
                $position = if ($inSets[0].Position -ge 0) { [string]$inSets[0].Position } else { 'named' }
                $entry.position | Should -Be $position -Because "-$($entry.name) position"
            }
        }
    }

    It 'shows one syntax line per parameter set, with the same parameters' {
        $expected = @($command.ParameterSets | ForEach-Object { (Get-DocumentedParameterNames $_.Parameters) -join ' ' } | Sort-Object)
        $shown = @($help.syntax.syntaxItem | ForEach-Object { (@($_.parameter | ForEach-Object name | Sort-Object)) -join ' ' } | Sort-Object)
        $shown | Should -Be $expected
    }

    It 'has at least five examples' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 5
    }

    It 'points its online help at no other module''s pages' {
        # Get-Help -Online opens the command's HelpUri, which PowerShell takes from the first related link with an address.
        $command.HelpUri | Should -BeNullOrEmpty
        @($help.relatedLinks.navigationLink | Where-Object { $_.uri }) | Should -BeNullOrEmpty
    }

    It 'has code and remarks in every example, and the code parses' {
        foreach ($example in $help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because "$($example.title) needs remarks"
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "the code of $($example.title) should be valid PowerShell"
        }
    }
}
