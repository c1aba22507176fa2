#Requires -Modules Pester
# The built module folder as a user receives it: manifest, exports, files, load in a fresh process.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:folder = $env:QIANFAN_TEST_MODULE
    $script:manifestPath = Join-Path $script:folder 'Qianfan.psd1'
    Import-Module $script:folder -Force
    $script:module = Get-Module Qianfan
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest and names its editions, version and description' {
        $manifest = Test-ModuleManifest $script:manifestPath
        $manifest.Version | Should -BeGreaterThan ([version]'0.0')
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.Tags | Should -Contain 'Qianfan'
    }

    It 'has one version: the manifest''s ModuleVersion is the version of every assembly built here' {
        $version = [version](Import-PowerShellDataFile $script:manifestPath).ModuleVersion
        $assembly = $script:module.ImplementingAssembly.GetName().Version
        [version]::new($assembly.Major, $assembly.Minor, [Math]::Max(0, $assembly.Build)) | Should -Be $version
        $informational = $script:module.ImplementingAssembly.GetCustomAttributes([System.Reflection.AssemblyInformationalVersionAttribute], $false)[0].InformationalVersion
        $informational | Should -Match ('^' + [regex]::Escape($version.ToString()) + '(\+|$)')
        $emulator = [System.Reflection.AssemblyName]::GetAssemblyName($env:QIANFAN_TEST_EMULATOR).Version
        "$($emulator.Major).$($emulator.Minor).$($emulator.Build)" | Should -Be $version.ToString()
    }

    It 'has a changelog entry for its version' {
        $version = (Import-PowerShellDataFile $script:manifestPath).ModuleVersion
        $changelog = Get-Content (Join-Path $PSScriptRoot '../../CHANGELOG.md') -Raw
        $changelog | Should -Match ('(?m)^## \[' + [regex]::Escape($version) + '\] - \d{4}-\d{2}-\d{2}$')
        $changelog | Should -Match '(?m)^## \[Unreleased\]$'
    }

    It 'lists every exported cmdlet explicitly, without wildcards, and exports nothing else' {
        $data = Import-PowerShellDataFile $script:manifestPath
        $data.CmdletsToExport | Should -Not -Contain '*'
        $data.CmdletsToExport | ForEach-Object { $_ | Should -Not -Match '\*' }
        $exported = (Get-Command -Module Qianfan).Name | Sort-Object
        $exported | Should -Be ($data.CmdletsToExport | Sort-Object)
        @($data.FunctionsToExport).Count | Should -Be 0
        @($data.AliasesToExport).Count | Should -Be 0
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        Get-Command -Module Qianfan | ForEach-Object { $approved | Should -Contain $_.Verb }
    }
}

Describe 'Module folder' {
    It 'holds the dll, its dependencies, the format file and the help, but not PowerShell itself' {
        foreach ($file in 'Qianfan.dll', 'System.Text.Json.dll', 'Qianfan.Format.ps1xml', 'en-US/Qianfan.dll-Help.xml') {
            Join-Path $script:folder $file | Should -Exist
        }
        Join-Path $script:folder 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'is built for netstandard2.0, so that Windows PowerShell 5.1 can load it' {
        $attribute = $script:module.ImplementingAssembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false)[0]
        $attribute.FrameworkName | Should -Be '.NETStandard,Version=v2.0'
    }

    It 'is compiled against PowerShell Standard (engine 3.0), not a PowerShell 7 SDK, so that Windows PowerShell 5.1 binds it' {
        $engine = $script:module.ImplementingAssembly.GetReferencedAssemblies() | Where-Object Name -EQ 'System.Management.Automation'
        $engine.Version | Should -Be ([version]'3.0.0.0')
    }

    It 'ships every assembly its dlls reference, beyond netstandard and PowerShell' {
        $dlls = Get-ChildItem $script:folder -Filter *.dll
        $shipped = $dlls | ForEach-Object { [System.Reflection.AssemblyName]::GetAssemblyName($_.FullName).Name }
        $allowed = @('netstandard', 'System.Management.Automation') + $shipped
        $missing = foreach ($dll in $dlls) {
            if ($PSVersionTable.PSEdition -eq 'Desktop') {
                # .NET Framework has no AssemblyLoadContext; a reflection-only load reads the references without running anything.
                $references = [System.Reflection.Assembly]::ReflectionOnlyLoadFrom($dll.FullName).GetReferencedAssemblies()
            }
            else {
                $context = [System.Runtime.Loader.AssemblyLoadContext]::new("probe-$($dll.BaseName)", $true)
                try { $references = $context.LoadFromAssemblyPath($dll.FullName).GetReferencedAssemblies() }
                finally { $context.Unload() }
            }
            $references | Where-Object Name -NotIn $allowed | ForEach-Object { "$($dll.Name) -> $($_.Name)" }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'imports in a fresh PowerShell process' {
        $child = Invoke-TestPwsh -Command "Import-Module '$($script:folder)'; (Get-Command -Module Qianfan).Name"
        $child.ExitCode | Should -Be 0 -Because $child.Errors
        ($child.Output -split '\r?\n' | Where-Object { $_ } | Sort-Object) | Should -Be ((Get-Command -Module Qianfan).Name | Sort-Object)
    }

    It 'has a conceptual help topic, about_Qianfan' {
        Join-Path $script:folder 'en-US/about_Qianfan.help.txt' | Should -Exist
        $topic = Get-Help about_Qianfan | Out-String
        $topic | Should -Match 'QIANFAN_ACCESS_KEY'
        $topic | Should -Match 'ThrottleLimit'
        $topic | Should -Match 'Retry-After'
        $topic | Should -Match 'PowerShell 7\.4 or\s+later'
    }

    It 'has a table view for <_>' -ForEach @('Qianfan.BatchTaskActionResult', 'Qianfan.BatchTask') {
        $format = Get-FormatData -TypeName $_
        $format | Should -Not -BeNullOrEmpty
        $format.FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] } | Should -Not -BeNullOrEmpty
    }

    It 'heads every column and list line of its views with the name of a property of the type shown' {
        # A label that is not a property name (Status for RunStatus) leaves Where-Object Status matching nothing.
        $views = ([xml](Get-Content (Join-Path $script:folder 'Qianfan.Format.ps1xml') -Raw)).Configuration.ViewDefinitions.View
        $labelled = 0
        foreach ($view in $views) {
            $type = $view.ViewSelectedBy.TypeName -as [type]
            $pairs = if ($view.TableControl) {
                $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
                $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
                for ($i = 0; $i -lt $headers.Count; $i++) { [pscustomobject]@{ Label = $headers[$i].Label; Item = $items[$i] } }
            }
            else {
                foreach ($item in $view.ListControl.ListEntries.ListEntry.ListItems.ListItem) {
                    [pscustomobject]@{ Label = $(if ($null -ne $item.Label) { $item.Label } else { $item.PropertyName }); Item = $item }
                }
            }
            foreach ($pair in $pairs) {
                if ($pair.Item.PropertyName) { $pair.Label | Should -BeExactly $pair.Item.PropertyName -Because "a column of $($view.Name)" }
                else { $type.GetProperty($pair.Label) | Should -Not -BeNullOrEmpty -Because "'$($pair.Label)' in $($view.Name) should be a property of $type" }
                $labelled++
            }
        }
        $labelled | Should -BeGreaterOrEqual 14
    }

    It 'the result table shows TaskId, Action, Status and RequestId, and RunStatus only under the type name of runs that know it' {
        $result = [pscustomobject]@{ TaskId = 'infer-x'; Action = 'Stop'; Status = 'AlreadyDone'; RunStatus = 'Stopped'; Result = $true; RequestId = 'rid-1' }
        $result.PSObject.TypeNames.Insert(0, 'Qianfan.BatchTaskActionResult')
        $plain = $result | Out-String
        $plain | Should -Match 'TaskId\s+Action\s+Status\s+RequestId'
        $plain | Should -Not -Match 'RunStatus'
        $result.PSObject.TypeNames.Insert(0, 'Qianfan.BatchTaskActionResult#WithRunStatus')
        $text = $result | Out-String
        $text | Should -Match 'TaskId\s+Action\s+Status\s+RunStatus\s+RequestId'
        $text | Should -Match 'infer-x\s+Stop\s+AlreadyDone\s+Stopped\s+rid-1'
    }
}

Describe 'Public surface' {
    BeforeAll {
        $script:exported = @($script:module.ImplementingAssembly.GetExportedTypes() | ForEach-Object { $_.FullName -replace '\+', '.' } | Sort-Object)
        # The types PublicAPI.Shipped.txt (and Unshipped, for what is not yet released) lists: the lines that name a type, not a member ("->").
        $listed = foreach ($file in 'PublicAPI.Shipped.txt', 'PublicAPI.Unshipped.txt') {
            $path = Join-Path $PSScriptRoot "../../src/Qianfan/$file"
            if (Test-Path $path) { Get-Content $path | Where-Object { $_ -and $_ -notmatch '->|^#|^\*REMOVED\*' } }
        }
        $script:listedTypes = @($listed | Sort-Object -Unique)
    }

    It 'exports exactly the types PublicAPI.Shipped.txt lists' {
        $script:listedTypes.Count | Should -BeGreaterThan 0
        $script:exported | Should -Be $script:listedTypes
        $script:exported.Count | Should -Be $script:listedTypes.Count
    }

    It 'keeps <_> internal, out of reach of a script' -ForEach @('Qianfan.Connection.QianfanSession', 'Qianfan.Connection.SessionClock') {
        $name = $_
        $script:exported | Should -Not -Contain $name
        $script:module.ImplementingAssembly.GetType($name, $true).IsPublic | Should -BeFalse
        { & ([scriptblock]::Create("[$name]")) } | Should -Throw -ExpectedMessage "*Unable to find type*"
    }
}

Describe 'Emulator folder' {
    It 'holds neither the module nor PowerShell: the emulator compiles in the signer it shares with the module' {
        $folder = Split-Path $env:QIANFAN_TEST_EMULATOR
        Join-Path $folder 'Qianfan.Emulator.dll' | Should -Exist
        Join-Path $folder 'Qianfan.dll' | Should -Not -Exist
        Join-Path $folder 'System.Management.Automation.dll' | Should -Not -Exist
    }
}
